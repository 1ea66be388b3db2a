#pragma once
#include <cstdint>
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "datasets/dataset.hpp"

namespace rwwce::datasets {

// Wisconsin Diagnostic Breast Cancer (docs/protocol.md, section 'Data'), as vendored from Debian's
// python3-sklearn: 569 rows x 30 features, target flipped on load so malignant = 1.
struct Wdbc {
  xt::xtensor<float, 2> x;      // (569, 30) raw features
  std::vector<std::uint8_t> y;  // (569) 1 = malignant, 0 = benign
};

inline constexpr const char* kWdbcSha256 =
    "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed";

// <source dir>/datasets/vendor/wdbc/breast_cancer.csv
std::string default_wdbc_path();

// Loads the vendored CSV after checking its SHA-256 and its shape (header `569,30,malignant,
// benign`, 569 rows of 30 numbers and a 0/1 target). Throws InputError otherwise.
Wdbc load_wdbc(const std::string& path = default_wdbc_path());

// x standardised with the per-column mean and population standard deviation (ddof = 0, as
// sklearn's StandardScaler) of the rows `fit_rows` only; a constant column is only centred
// (sklearn's scale = 1). Computed in double, returned as float. Returns a new (n, d) matrix.
xt::xtensor<float, 2> standardize(const xt::xtensor<float, 2>& x,
                                  const std::vector<std::uint32_t>& fit_rows);

// The AWS study's dataset `wdbc` over an already standardised (569, 30) matrix (which must
// outlive it): 75/25 paper_split with `seed`. The AWS notebook calls fit() without
// validation_split, so by default val is empty and fit holds all 426 training rows.
Dataset wdbc_dataset(const xt::xtensor<float, 2>& standardized, const Wdbc& wdbc,
                     std::uint32_t seed = 1, double validation_split = 0.0);

}  // namespace rwwce::datasets
