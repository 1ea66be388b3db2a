#include "models/blas.hpp"

namespace rwwce::models {

void use_single_threaded_blas() {
  openblas_set_num_threads(1);
}

}  // namespace rwwce::models
