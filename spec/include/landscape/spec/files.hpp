// Reading and writing files with the project's error conventions.
//
// Reads fail with an InputError that names the file. Writes are atomic: the content goes to a
// temporary file beside the target, which is then renamed over it, so an interrupted or failed
// run never leaves a half-written result and never destroys an earlier one.
#pragma once

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "landscape/spec/error.hpp"

namespace landscape {

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read '" + path + "'");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw InputError("error while reading '" + path + "'");
  return content.str();
}

// Splits text into lines, dropping '\r' of Windows line ends.
inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Splits text at every `separator`: n separators give n + 1 fields, empty ones included
// ("a,,b" -> "a", "", "b"; "" -> one empty field).
inline std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    fields.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) return fields;
    start = end + 1;
  }
}

// Writes `content` to `path` through a temporary file and rename(2). Throws std::runtime_error
// (a runtime failure, exit 1) if the file system refuses.
inline void write_file_atomically(const std::string& path, const std::string& content) {
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write '" + temporary + "'");
    out << content;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw std::runtime_error("error while writing '" + temporary + "'");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error("cannot move '" + temporary + "' to '" + path + "'");
  }
}

}  // namespace landscape
