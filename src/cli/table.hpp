// Plain-text tables for the flux command's human output: columns padded to their
// widest cell, numbers right-aligned, two spaces between columns.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace flux::cli {

class Table {
 public:
  enum class Align { left, right };
  struct Column {
    std::string header;
    Align align = Align::left;
  };

  explicit Table(std::vector<Column> columns, std::string indent = "  ");
  // Cells beyond the columns are dropped; missing ones are empty.
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  void print(std::ostream& out) const;

 private:
  std::vector<Column> columns_;
  std::string indent_;
  std::vector<std::vector<std::string>> rows_;
};

// Display width of UTF-8 text (code points; every character used here is one column).
std::size_t display_width(const std::string& text);

}  // namespace flux::cli
