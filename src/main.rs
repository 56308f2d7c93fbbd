//! The `dyad` command: parse arguments, run, map errors to exit codes (see `dyad::cli`).

fn main() {
    std::process::exit(dyad::cli::main());
}
