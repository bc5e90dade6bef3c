fn main() {
    std::process::exit(aftersales::cli::main());
}
