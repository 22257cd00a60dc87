#include "landscape/spec/weights_file.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

#include <fstream>

using namespace landscape;
using landscape::testing::write_temp;

TEST(WeightsFile, RoundTripKeepsParametersAndMetadata) {
  WeightsFile w;
  w.arch = "2,1,1";
  w.activation = "smoolu";
  w.parameters = {"1.5", "-2", "1/3", "0.25", "7e-3"};
  w.metadata["digits"] = 100;
  const std::string path = ::testing::TempDir() + "weights_roundtrip.json";
  write_weights_file(path, w);
  const auto r = read_weights_file(path);
  EXPECT_EQ(r.arch, "2,1,1");
  EXPECT_EQ(r.activation, "smoolu");
  EXPECT_TRUE(r.bias);
  EXPECT_EQ(r.parameters, w.parameters);
  EXPECT_EQ(r.metadata["digits"], 100);
  EXPECT_EQ(r.rationals(path)[2].text(), "1/3");
  EXPECT_EQ(r.rationals(path)[4].text(), "7/1000");
  // The file names the parameters in the shared order.
  const auto j = nlohmann::json::parse(read_text_file(path));
  EXPECT_EQ(j["parameter_names"][2], "b1_1");
  EXPECT_EQ(j["arch"], nlohmann::json({2, 1, 1}));
}

TEST(WeightsFile, NumbersAreAcceptedAsParameters) {
  const auto path = write_temp("weights_numbers.json",
                               R"({"arch":[1,1,1],"activation":"square","parameters":[1,0.5,-2,3]})");
  const auto r = read_weights_file(path);
  EXPECT_EQ(r.rationals(path)[1].text(), "5/10");
}

TEST(WeightsFile, BadFilesAreInputErrors) {
  EXPECT_THROW(read_weights_file(write_temp("w_bad_json.json", "{not json")), InputError);
  EXPECT_THROW(read_weights_file(write_temp("w_missing.json", R"({"arch":[1,1,1],"activation":"square"})")),
               InputError);
  EXPECT_THROW(read_weights_file(write_temp("w_count.json",
                                            R"({"arch":[1,1,1],"activation":"square","parameters":["1"]})")),
               InputError);
  EXPECT_THROW(read_weights_file(write_temp("w_arch.json",
                                            R"({"arch":[1,"x",1],"activation":"square","parameters":[]})")),
               InputError);
  const auto path = write_temp("w_nan.json",
                               R"({"arch":[1,1,1],"activation":"square","parameters":["1","nan","2","3"]})");
  EXPECT_THROW(read_weights_file(path).rationals(path), InputError);
  EXPECT_THROW(read_weights_file("/nonexistent/weights.json"), InputError);
}

TEST(WeightsFile, ParsedFromTextWithTheSourceInMessages) {
  const auto w = parse_weights_json(R"({"arch":[1,1,1],"activation":"square","parameters":["1/3",2,0,-1]})",
                                    "inline.json");
  EXPECT_EQ(w.parameters, (std::vector<std::string>{"1/3", "2", "0", "-1"}));
  try {
    parse_weights_json("[1,2]", "inline.json");
    FAIL() << "a JSON list is not a weights file";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), "inline.json: a weights file is a JSON object");
  }
}
