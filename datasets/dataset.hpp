#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/examples.hpp"
#include "datasets/labelled_data.hpp"
#include "datasets/paper_split.hpp"

namespace rwwce::datasets {

// A dataset: a name, an index view over a feature matrix held elsewhere (which must outlive
// it) and its split. Positions 0..n-1 address the dataset's examples; rows[pos] is the row
// in the source matrix.
struct Dataset {
  std::string name;
  const float* source = nullptr;  // (n_source, dim) row-major features
  std::size_t dim = 0;
  const CsrMatrix* sparse = nullptr;  // (n_source, dim) the same source, sparse; optional
  std::vector<std::uint32_t> rows;    // (n) source row of each example, in dataset order
  std::vector<std::uint8_t> labels;   // (n) class of each example: 0/1 or 0..num_classes-1
  int num_classes = 0;
  Split split;  // positions into rows/labels

  // Metadata the CLI prints; -1 where it does not apply.
  int digit = -1;  // Table I: the positive digit
  int batch = -1;  // Table I: which block of 630 positives

  std::size_t size() const { return rows.size(); }
  // The examples at these positions, in the given order. Throws std::out_of_range on a
  // position >= size().
  Examples subset(const std::vector<std::uint32_t>& positions) const;
  Examples fit() const { return subset(split.fit); }
  Examples val() const { return subset(split.val); }
  Examples test() const { return subset(split.test); }
};

// Every example of `data` in data order with its label (a binary or multiclass task), named
// `name`, no split yet. A view into `data`, which must outlive it.
Dataset all_examples(const LabelledData& data, const std::string& name);

// How many examples of each class 0..num_classes-1.
std::vector<std::size_t> class_counts(const Examples& examples, int num_classes);

}  // namespace rwwce::datasets
