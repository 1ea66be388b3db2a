#include "datasets/mnist_multiclass.hpp"

#include <numeric>

namespace rwwce::datasets {

Dataset mnist_multiclass_dataset(const Mnist& mnist, std::uint32_t split_seed) {
  Dataset ds;
  ds.name = "mnist10";
  ds.source = mnist.dense_source();
  ds.dim = mnist.dim();
  ds.sparse = &mnist.csr;
  ds.num_classes = 10;
  ds.rows.resize(mnist.y.size());
  std::iota(ds.rows.begin(), ds.rows.end(), std::uint32_t{0});
  ds.labels = mnist.y;
  ds.split = paper_split(ds.rows.size(), split_seed);
  return ds;
}

}  // namespace rwwce::datasets
