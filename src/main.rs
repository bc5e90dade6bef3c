fn main() -> std::process::ExitCode {
    aftersales::cli::main().into()
}
