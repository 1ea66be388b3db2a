#pragma once
// Large buffers written once at start-up (MNIST's sparse copy is ~95 MB, the dense float32 copy,
// no longer made, was 220 MB) are
// backed by 2 MiB transparent huge pages where the kernel grants them on request
// (/sys/kernel/mm/transparent_hugepage/enabled = madvise, Debian's default): first touching
// 220 MB in 4 KiB pages took about 55,000 page faults, which cost most of a one-dataset run's
// start-up on a virtual machine (0.85 s of CPU against 0.35 s in huge pages). A hint only:
// where it is refused or unsupported nothing changes, and contents are never affected.
#include <cstddef>
#include <vector>

namespace rwwce::datasets {

// Asks for huge pages over the whole 2 MiB pages inside [p, p + bytes); call it before the
// memory is first written. Ranges under 4 MiB are left alone.
void advise_huge_pages(void* p, std::size_t bytes);

// v resized to n elements (value-initialised), its storage advised first when newly allocated.
template <class T>
void resize_in_huge_pages(std::vector<T>& v, std::size_t n) {
  if (n > v.capacity()) {
    std::vector<T>().swap(v);
    v.reserve(n);
    advise_huge_pages(v.data(), n * sizeof(T));
  }
  v.resize(n);
}

}  // namespace rwwce::datasets
