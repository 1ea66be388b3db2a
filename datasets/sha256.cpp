#include "datasets/sha256.hpp"

#include <fmt/core.h>
#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::datasets {
namespace {

struct Hasher {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};

  Hasher() {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
      throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }
  }
  void update(const void* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx.get(), data, size) != 1) {
      throw std::runtime_error("OpenSSL: SHA-256 update failed");
    }
  }
  std::string hex() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1) {
      throw std::runtime_error("OpenSSL: SHA-256 final failed");
    }
    std::string out;
    out.reserve(2 * len);
    for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
    return out;
  }
};

}  // namespace

std::string sha256_bytes(const void* data, std::size_t size) {
  Hasher h;
  h.update(data, size);
  return h.hex();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("cannot open '{}' to compute its SHA-256", path));
  Hasher h;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    if (in.gcount() > 0) h.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw InputError(fmt::format("error while reading '{}' for its SHA-256", path));
  return h.hex();
}

}  // namespace rwwce::datasets
