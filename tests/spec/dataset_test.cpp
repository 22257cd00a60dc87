#include "landscape/spec/dataset.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <cstdio>
#include <fstream>

using namespace landscape;
using landscape::testing::write_temp;

TEST(Dataset, RandomPointsAreSmallDistinctAndReproducible) {
  const auto a = random_points(200, 2, 7), b = random_points(200, 2, 7);
  ASSERT_EQ(a.size(), 200u);
  std::set<std::vector<double>> seen;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i][0].text(), b[i][0].text());
    for (const auto& r : a[i]) {
      EXPECT_LE(std::abs(std::stol(r.numerator())), 10);
      EXPECT_GE(std::stol(r.denominator()), 1);
      EXPECT_LE(std::stol(r.denominator()), 10);
    }
    EXPECT_TRUE(seen.insert({a[i][0].to_double(), a[i][1].to_double()}).second);
  }
  // Another seed, other points.
  const auto c = random_points(200, 2, 8);
  int same = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    same += a[i][0].text() == c[i][0].text() && a[i][1].text() == c[i][1].text();
  EXPECT_LT(same, 10);
}

TEST(Dataset, ImpossibleDistinctDrawIsAnError) {
  // In dimension 1 there are far fewer than 10^4 distinct small rationals.
  EXPECT_THROW(random_points(10000, 1, 0), InputError);
}

TEST(Dataset, DataOptionRandom) {
  const auto d = load_dataset("random:n=4,seed=3", 3, 1);
  EXPECT_EQ(d.size(), 4u);
  EXPECT_EQ(d.inputs[0].size(), 3u);
  EXPECT_FALSE(d.has_labels());
  EXPECT_EQ(d.source, "random:n=4,seed=3");
  for (const char* bad : {"random:n=0", "random:seed=1", "random:n=x", "random:n=3,foo=1"})
    EXPECT_THROW(load_dataset(bad, 3, 1), InputError) << bad;
}

TEST(Dataset, RandomDataErrorsNameTheDataField) {
  for (const char* bad : {"random:n=0", "random:n=3,foo=1"}) {
    try {
      load_dataset(bad, 3, 1);
      ADD_FAILURE() << "no error for " << bad;
    } catch (const FieldError& e) {
      EXPECT_EQ(e.field(), "data");
      EXPECT_EQ(e.rule().rfind("'" + std::string(bad) + "': ", 0), 0u) << e.rule();
    }
  }
  EXPECT_EQ(parse_key_values("dataset", "x:n=5,seed=2", "x:", {"n", "seed"}),
            (std::map<std::string, std::uint64_t>{{"n", 5}, {"seed", 2}}));
  EXPECT_TRUE(parse_key_values("dataset", "x:", "x:", {"n"}).empty());
}

TEST(Dataset, CsvWithHeaderLabelsAndRationals) {
  const auto path = write_temp("with_labels.csv", "x1,x2,y1\n1/2,0.25,-3\n\n-1,2e-1,7/3\r\n");
  const auto d = read_csv_dataset(path, 2, 1);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_TRUE(d.has_labels());
  EXPECT_EQ(d.inputs[0][0].text(), "1/2");
  EXPECT_EQ(d.inputs[1][1].text(), "2/10");
  EXPECT_EQ(d.labels[1][0].text(), "7/3");
}

TEST(Dataset, CsvWithoutLabels) {
  const auto d = read_csv_dataset(write_temp("no_labels.csv", "1,2\n3,4\n"), 2, 1);
  EXPECT_EQ(d.size(), 2u);
  EXPECT_FALSE(d.has_labels());
}

TEST(Dataset, CsvErrorsNameTheLineAndColumn) {
  auto message = [](const std::string& content) {
    try {
      read_csv_dataset(write_temp("bad.csv", content), 2, 1);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("1,2,3\n1,x,3\n").find("line 2, column 2"), std::string::npos);
  EXPECT_NE(message("1,2,3\n1,2\n").find("line 2"), std::string::npos);  // ragged
  EXPECT_NE(message("1\n").find("expected 2 columns"), std::string::npos);
  EXPECT_NE(message("1,nan,3\n").find("not a number"), std::string::npos);
  EXPECT_NE(message("x1,x2\n").find("no data rows"), std::string::npos);
  EXPECT_THROW(read_csv_dataset("/nonexistent/file.csv", 2, 1), InputError);
}

TEST(Dataset, ParameterFile) {
  const auto ok = read_parameter_file(write_temp("teacher.txt", "# teacher\n1/2\n-3\n\n0.5\n"), 3);
  ASSERT_EQ(ok.size(), 3u);
  EXPECT_EQ(ok[0].text(), "1/2");
  EXPECT_THROW(read_parameter_file(write_temp("short.txt", "1\n2\n"), 3), InputError);
  EXPECT_THROW(read_parameter_file(write_temp("junk.txt", "1\nfoo\n3\n"), 3), InputError);
}

TEST(Dataset, CsvFromTextMatchesTheFileReader) {
  const std::string text = "x1,y1\n1/2,3\n-4,0.5\n";
  const auto d = parse_csv_dataset(text, "inline.csv", 1, 1);
  const auto f = read_csv_dataset(write_temp("from_text.csv", text), 1, 1);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d.source, "inline.csv");
  EXPECT_EQ(d.inputs[1][0].text(), f.inputs[1][0].text());
  EXPECT_EQ(d.labels[1][0].text(), "5/10");
  EXPECT_EQ(csv_column_count_of_text(text, "inline.csv"), 2u);
  EXPECT_THROW(csv_column_count_of_text("x1,y1\n\n", "inline.csv"), landscape::InputError);
}
