#include "landscape/experiments/output.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "experiments_test_support.hpp"

using namespace landscape::experiments;

TEST(Output, DirectoryRecordsFilesFiguresAndNotes) {
  const std::string dir = landscape::experiments_testing::fresh_dir("output") + "/nested";
  OutputDirectory out(dir);
  EXPECT_TRUE(std::filesystem::is_directory(dir));
  EXPECT_EQ(out.file("a.csv"), dir + "/a.csv");
  out.add(out.file("a.csv"));
  landscape::plot::FigureFiles rendered{"f.dat", "f.gp", {"f.png", "f.pdf"}, true, ""};
  landscape::plot::FigureFiles missing{"g.dat", "g.gp", {}, false, "gnuplot is not installed"};
  out.add(rendered);
  out.add(missing);
  EXPECT_EQ(out.files(), (std::vector<std::string>{dir + "/a.csv", "f.dat", "f.gp", "f.png", "f.pdf", "g.dat", "g.gp"}));
  EXPECT_EQ(out.notes(), std::vector<std::string>{"gnuplot is not installed"});
}

TEST(Output, SummaryIsTheResultsJsonWithItsFiles) {
  const std::string dir = landscape::experiments_testing::fresh_dir("summary");
  OutputDirectory out(dir);
  out.add(out.file("runs.csv"));
  ProtocolResult r;
  r.command = "experiment test";
  r.details["answer"] = 42;
  r.summary_line = "one line";
  write_summary(out, r);
  ASSERT_EQ(r.files.size(), 2u);
  EXPECT_EQ(r.files.back(), dir + "/summary.json");
  std::ifstream in(dir + "/summary.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str());
  EXPECT_EQ(j["answer"], 42);
  EXPECT_EQ(j["command"], "experiment test");
  EXPECT_EQ(j["files"], nlohmann::json({dir + "/runs.csv"}));  // summary.json lists what was there before it
  EXPECT_EQ(r.to_json()["files"].size(), 2u);
  EXPECT_EQ(r.summary(), "one line");
}
