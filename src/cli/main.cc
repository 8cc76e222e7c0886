// Entry point of the `sitrep` command. Subcommands live in cmd_*.cc and
// register themselves; see command.h and docs/CLI contract in CLI.md.
#include <cstdio>
#include <vector>

#include "cli/command.h"

namespace sitrep::cli {

static std::vector<CommandSetup>& Registry() {
  static std::vector<CommandSetup> r;
  return r;
}

bool RegisterCommand(CommandSetup setup) {
  Registry().push_back(setup);
  return true;
}

}  // namespace sitrep::cli

int main(int argc, char** argv) {
  CLI::App app{"sitrep: political event data from news text"};
  app.set_version_flag("--version", std::string("sitrep ") + SITREP_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  for (auto setup : sitrep::cli::Registry()) setup(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
