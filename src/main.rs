//! The `clauselint` command line. This binary is the only part of clauselint
//! that prints, reads inputs and decides exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
