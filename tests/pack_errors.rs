use clauselint::{PackSource, Packs};
fn dump(srcs: &[PackSource], builtin: bool) {
    let r = if builtin { Packs::load(srcs) } else { Packs::compile_only(srcs) };
    match r {
        Ok(p) => println!("OK {} patterns", p.pattern_count()),
        Err(e) => {
            println!("ERR {e}; {} issues", e.issues().len());
            let name = match &e { clauselint::PackError::Invalid { name, .. } => name.to_string(), _ => String::new() };
            let text = &srcs.iter().find(|s| *s.name == *name).map(|s| s.text.clone());
            for i in e.issues().iter().take(5) {
                println!("  msg={:?} span={:?} text={:?}", &i.message[..i.message.len().min(200)], i.span, text.as_ref().and_then(|t| t.get(i.span.clone()).map(|s| s[..s.len().min(80)].to_string())));
            }
        }
    }
}
#[test]
fn explore2() {
    let alpha = std::fs::read_to_string("/tmp/pk/alpha.toml").unwrap();
    let t = std::time::Instant::now();
    dump(&[PackSource::new("alpha.toml", alpha)], false);
    println!("alpha {:?}", t.elapsed());
    let dig = std::fs::read_to_string("/tmp/pk/dig.toml").unwrap();
    let t = std::time::Instant::now();
    dump(&[PackSource::new("dig.toml", dig)], false);
    println!("dig {:?}", t.elapsed());
    // cross-file vocab
    let a = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[vocab]\nbad = [\"fa*ce\"]\n";
    let b = "[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n\n[[rule.pattern]]\nall = [\"@bad\"]\n";
    dump(&[PackSource::new("dir/a.toml", a), PackSource::new("dir/b.toml", b)], false);
    // vocab used twice
    let c = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[vocab]\nbad = [\"fa*ce\"]\n[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n\n[[rule.pattern]]\nall = [\"@bad\"]\n[[rule.pattern]]\nall = [\"@bad\"]\n";
    dump(&[PackSource::new("c.toml", c)], false);
    // unused bad vocab
    let d = "[pack]\nid = \"mine\"\nname = \"Mine\"\n\n[vocab]\nbad = [\"fa*ce\"]\n";
    dump(&[PackSource::new("d.toml", d)], false);
    // dup across files
    let e1 = "[pack]\nid = \"mine\"\nname = \"Mine\"\n[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n[[rule.pattern]]\nall = [[\"foo\"]]\n";
    let e2 = "[pack]\nid = \"two\"\nname = \"Two\"\n[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n[[rule.pattern]]\nall = [[\"foo\"]]\n";
    dump(&[PackSource::new("one/e1.toml", e1), PackSource::new("two/e2.toml", e2)], false);
    let p2 = "[pack]\nid = \"mine\"\nname = \"Again\"\n";
    dump(&[PackSource::new("one/e1.toml", e1), PackSource::new("two/p2.toml", p2)], false);
    // deep nesting
    for n in [100usize, 1000, 100000] {
        let deep = format!("[pack]\nid = \"mine\"\nname = \"Mine\"\n[[rule]]\nid = \"mine/a\"\nname = \"A\"\nsummary = \"s\"\n[[rule.pattern]]\nall = {}{}\n", "[".repeat(n), "]".repeat(n));
        let h = std::thread::Builder::new().stack_size(8<<20).spawn(move || dump(&[PackSource::new("deep.toml", deep)], false)).unwrap();
        println!("deep {n}: {:?}", h.join().is_ok());
    }
    for n in [1000usize, 100000] {
        let deep = format!("x = {}1{}\n", "{a = ".repeat(n), "}".repeat(n));
        let h = std::thread::Builder::new().stack_size(8<<20).spawn(move || dump(&[PackSource::new("deep.toml", deep)], false)).unwrap();
        println!("deep tables {n}: {:?}", h.join().is_ok());
    }
}
