// The network problem of the algebra commands (experiments/cli/net_problem.cpp): flags into a
// network, exact data and labels (CSV, random, a teacher's exact outputs, a weights file's record).
#include "net_problem.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "landscape/spec/error.hpp"
#include "test_support.hpp"

using namespace landscape;
using namespace landscape::cli;

namespace {
NetProblem problem(std::vector<const char*> argv) {
  Arguments args("test", "a test");
  add_net_options(args);
  argv.insert(argv.begin(), "test");
  args.parse(static_cast<int>(argv.size()), argv.data(), 1);
  return load_problem(args, true);
}
}  // namespace

// The teacher's labels are the network's exact outputs: 1-1-1 with z^2, w = (2, -1, 3, 1/2) gives
// f(x) = 3 (2x - 1)^2 + 1/2, so f(0) = 7/2 and f(1) = 7/2 (closed form).
TEST(NetProblem, TeacherLabelsAreExactOutputs) {
  const auto teacher = landscape::testing::write_temp("teacher111.txt", "2\n-1\n3\n1/2\n");
  const auto csv = landscape::testing::write_temp("x01.csv", "x\n0\n1\n");
  const auto p = problem({"--arch", "1,1,1", "--data", csv.c_str(), "--teacher", teacher.c_str()});
  ASSERT_EQ(p.data.labels.size(), 2u);
  EXPECT_EQ(p.data.labels[0][0].text(), "7/2");
  EXPECT_EQ(p.data.labels[1][0].text(), "7/2");
  EXPECT_EQ(p.labels_source, "teacher:" + teacher);
  const auto z = zero_loss_problem(p);
  EXPECT_EQ(z.labels[0][0].text(), "7/2");
  EXPECT_EQ(z.labels_source, p.labels_source);
  EXPECT_EQ(problem_json(p)["parameters"], 4);
}

TEST(NetProblem, CsvLayoutErrorsSayWhichLayoutFitsAndWhichFlagSetsIt) {
  const auto csv = landscape::testing::write_temp("four_columns.csv", "1,2,3,4\n");
  try {
    problem({"--arch", "1,2,1", "--data", csv.c_str()});
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("4 columns fit a network with 3 inputs and 1 output"), std::string::npos) << m;
    EXPECT_NE(m.find("--arch"), std::string::npos) << m;
  }
}

TEST(NetProblem, RandomLabelsAreSeededAndRecorded) {
  const auto a = problem({"--arch", "2,1,1", "--data", "random:n=3,seed=1", "--labels", "random:seed=5"});
  const auto b = problem({"--arch", "2,1,1", "--data", "random:n=3,seed=1", "--labels", "random:seed=5"});
  EXPECT_EQ(a.labels_source, "random:seed=5");
  ASSERT_EQ(a.data.labels.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(a.data.labels[i][0].text(), b.data.labels[i][0].text());
  EXPECT_THROW(problem({"--arch", "2,1,1", "--data", "random:n=3", "--labels", "teacher"}), InputError);
}
