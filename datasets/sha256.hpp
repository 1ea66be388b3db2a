#pragma once
#include <cstddef>
#include <string>

namespace rwwce::datasets {

// Lower-case hex SHA-256 (OpenSSL EVP) of a file's bytes, streamed in 1 MiB chunks.
// Throws InputError if the file cannot be opened or read.
std::string sha256_file(const std::string& path);

// Lower-case hex SHA-256 of a byte buffer.
std::string sha256_bytes(const void* data, std::size_t size);

}  // namespace rwwce::datasets
