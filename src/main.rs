//! The `clauselint` command line. This binary is the only part of clauselint
//! that prints, reads inputs and decides exit codes.

// No unwrap, expect or panic outside tests; output goes through writers
// that tolerate a closed pipe (`print!` panics on one).
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
