// Subcommand registry of the sitrep CLI.
//
// Each cmd_*.cc file defines a setup function that adds one subcommand (with
// its options and a callback) to the application and registers it at static
// initialisation:
//
//   static void Setup(CLI::App& app, int* exit_code) {
//     auto* sub = app.add_subcommand("parse", "Tag and parse text");
//     auto opts = std::make_shared<ParseOptions>();
//     sub->add_option("file", opts->file)->required();
//     sub->callback([opts, exit_code] { *exit_code = RunParse(*opts); });
//   }
//   SITREP_REGISTER_COMMAND(Setup);
//
// Callbacks set *exit_code per CLI.md: 0 success, 1 bad input / failed work,
// 2 bad usage. Output goes to stdout, diagnostics to stderr.
#ifndef SITREP_CLI_COMMAND_H_
#define SITREP_CLI_COMMAND_H_

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace sitrep::cli {

using CommandSetup = void (*)(CLI::App& app, int* exit_code);

// Adds `setup` to the registry; returns true (for static initialisation).
bool RegisterCommand(CommandSetup setup);

// Finds the parent subcommand `name` that several command files share
// ("dict", "eval", "train"), or creates it. Setup functions run in an
// unspecified order, so every file that adds a child calls this. Uses the
// predicate form of get_subcommands(), which does not throw.
inline CLI::App* ParentCommand(CLI::App& app, const std::string& name, const std::string& desc) {
  std::vector<CLI::App*> found = app.get_subcommands([&](CLI::App* a) { return a->get_name() == name; });
  if (!found.empty()) return found.front();
  CLI::App* sub = app.add_subcommand(name, desc);
  sub->require_subcommand(1);
  return sub;
}

}  // namespace sitrep::cli

#define SITREP_REGISTER_COMMAND(fn) \
  static const bool sitrep_registered_##fn = ::sitrep::cli::RegisterCommand(&fn)

#endif  // SITREP_CLI_COMMAND_H_
