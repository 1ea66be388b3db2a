#pragma once
// The built-in studies: the files under experiments/studies/ (the paper's three experiments),
// compiled into the executable so `rwwce run table1` needs nothing beside it.
#include <string>
#include <vector>

namespace rwwce::experiments {

struct BuiltinStudy {
  const char* name;  // e.g. "table1"
  const char* file;  // its file in the repository, e.g. "experiments/studies/table1.toml"
  const char* text;  // its contents at build time
};

// In name order.
const std::vector<BuiltinStudy>& builtin_studies();

// nullptr when there is no built-in study of that name.
const BuiltinStudy* find_builtin_study(const std::string& name);

}  // namespace rwwce::experiments
