#include "net_problem.hpp"


namespace landscape::cli {

void add_net_options(Arguments& args, const std::string& default_activation,
                     bool weights_defaults) {
  const std::string from_weights = weights_defaults ? " (default: from the weights file)" : "";
  args.add("--arch", "LIST",
           "widths d0,d1,...,dL (input, hidden, output), or tree4" + from_weights, "",
           !weights_defaults)
      .add("--act", "ACT",
           "activation: poly:c0,...,cl (rationals allowed), square, smoolu, relu, rectpow:k" +
               from_weights,
           weights_defaults ? "" : default_activation)
      .add_flag("--no-bias", "networks without bias parameters")
      .add("--data", "SPEC", "random:n=N,seed=S or a CSV file (x1..x_d0[, y1..y_dL])" + from_weights,
           "", !weights_defaults)
      .add("--labels", "SPEC", "random:seed=S when the data carry no labels (default random:seed=0)")
      .add("--teacher", "FILE",
           "labels are this network's exact outputs (one rational per line, parameter order)");
}

NetProblem load_problem(const Arguments& args, bool polynomial, const WeightsFile* weights,
                        const std::optional<std::string>& arch) {
  NetProblem p;
  auto value = [&](const std::string& option, const std::string& key) -> std::string {
    if (args.given(option) || !weights) return args.get(option);
    if (key == "arch") return weights->arch;
    if (key == "activation") return weights->activation;
    if (weights->metadata.contains(key) && weights->metadata[key].is_string())
      return weights->metadata[key].get<std::string>();
    throw InputError(option + " is required (the weights file does not record \"" + key + "\")");
  };
  const bool bias = args.given("--arch") || !weights ? !args.flag("--no-bias") : weights->bias;
  p.net = NetSpec::parse(arch ? *arch : value("--arch", "arch"), Activation::parse(value("--act", "activation")),
                         bias);
  if (polynomial) {
    p.net.activation.require_polynomial("--act");
    p.net.weight_degree();  // refuses, before anything is built, a degree past 2^62
  }
  try {
    p.data = load_dataset(value("--data", "data"), p.net.inputs(), p.net.outputs());
  } catch (const CsvLayoutError& e) {
    throw InputError(std::string(e.what()) + "; the widths d0,...,dL come from --arch");
  }
  std::optional<std::string> labels = args.get_optional("--labels");
  std::optional<std::string> teacher = args.get_optional("--teacher");
  if (!args.given("--data") && weights && !labels && !teacher &&
      weights->metadata.contains("labels") && weights->metadata["labels"].is_string()) {
    const std::string recorded = weights->metadata["labels"].get<std::string>();
    if (recorded.rfind("random:", 0) == 0) labels = recorded;
    if (recorded.rfind("teacher:", 0) == 0) teacher = recorded.substr(8);
  }
  auto resolved = experiments::resolve_labels(p.net, p.data, labels, teacher);
  p.data.labels = std::move(resolved.labels);
  p.labels_source = std::move(resolved.source);
  p.teacher = std::move(resolved.teacher);
  return p;
}

nlohmann::json problem_json(const NetProblem& p) {
  return {{"arch", p.net.topology == Topology::Tree4 ? nlohmann::json("tree4")
                                                     : nlohmann::json(p.net.widths)},
          {"activation", p.net.activation.name},
          {"bias", p.net.bias},
          {"data", p.data.source},
          {"labels", p.labels_source},
          {"parameters", p.net.parameter_count()},
          {"data_points", p.data.size()},
          {"outputs", p.net.outputs()}};
}

experiments::ZeroLossProblem zero_loss_problem(const NetProblem& p) {
  return {p.net, p.data.inputs, p.data.labels, p.data.source, p.labels_source};
}

}  // namespace landscape::cli
