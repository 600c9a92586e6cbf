use std::process::ExitCode;

fn main() -> ExitCode {
    junheng::cli::main()
}
