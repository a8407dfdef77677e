use clauselint::{PackSource, Packs};
#[test]
fn dig() {
    let dig = std::fs::read_to_string("/tmp/pk/dig.toml").unwrap();
    for builtin in [true, false] {
        let t = std::time::Instant::now();
        let src = [PackSource::new("dig.toml", dig.clone())];
        let r = if builtin {
            Packs::load(&src)
        } else {
            Packs::compile_only(&src)
        };
        println!("builtin={builtin} ok={} {:?}", r.is_ok(), t.elapsed());
    }
}
