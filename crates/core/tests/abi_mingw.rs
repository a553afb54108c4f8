//! The Windows ABI checked against real Windows headers.
//!
//! Generates a C translation unit that includes mingw-w64's headers (the
//! user-mode set plus `ddk/` for the kernel ones) and, for every IOCTL code,
//! NTSTATUS value, structure size and field offset the Rust side defines,
//! emits the C value as an assembler comment (`gcc -S`: nothing is run). The
//! test then compares each value with the Rust definition. Items mingw lacks
//! (spec/ioctls.md §5.2) are compared with the spec's numbers instead.
//!
//! Needs `x86_64-w64-mingw32-gcc` (Debian: gcc-mingw-w64-x86-64 and
//! mingw-w64-x86-64-dev). Without it the test fails when `CI=true` and is
//! skipped with a message otherwise.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

use cdfilter_core::ioctl::TABLE;
use cdfilter_core::status::NtStatus;

mod abi_items;

use abi_items::{Item, ITEMS};

const CC: &str = "x86_64-w64-mingw32-gcc";
const INCLUDE: &str = "/usr/share/mingw-w64/include";

/// The C translation unit and the key of each emitted value, in order.
/// Each value becomes `const long long cdfl_N = value;`, which `gcc -S`
/// prints as a label and a `.quad`: nothing is run.
fn c_source() -> (String, Vec<String>) {
    let mut c = String::from(
        "#include <ntddk.h>\n#include <ntddcdrm.h>\n#include <ntddcdvd.h>\n#include <ntddmmc.h>\n\
         #include <ntddscsi.h>\n#include <ntddstor.h>\n#include <ntdddisk.h>\n#include <ntstatus.h>\n\
         #include <mountmgr.h>\n#include <mountdev.h>\n#include <scsi.h>\n#include <srb.h>\n#include <stddef.h>\n",
    );
    let mut keys = Vec::new();
    let mut emit = |c: &mut String, key: String, expr: String, guard: Option<&str>| {
        let n = keys.len();
        if let Some(g) = guard {
            let _ = writeln!(c, "#ifdef {g}");
        }
        let _ = writeln!(
            c,
            "__attribute__((used)) const long long cdfl_{n} = (long long)({expr});"
        );
        if guard.is_some() {
            let _ = writeln!(c, "#endif");
        }
        keys.push(key);
    };
    for d in TABLE {
        emit(
            &mut c,
            format!("code {}", d.name),
            d.name.to_owned(),
            Some(d.name),
        );
    }
    for s in NtStatus::ALL {
        let name = s.name().unwrap_or_default();
        emit(
            &mut c,
            format!("status {name}"),
            format!("(unsigned int)({name})"),
            Some(name),
        );
    }
    for item in ITEMS {
        match item {
            Item::Size { c: name, .. } => emit(
                &mut c,
                format!("size {name}"),
                format!("sizeof({name})"),
                None,
            ),
            Item::Offset { c: name, field, .. } => emit(
                &mut c,
                format!("offset {name}.{field}"),
                format!("offsetof({name}, {field})"),
                None,
            ),
            Item::Const { c: name, .. } => {
                emit(&mut c, format!("const {name}"), (*name).to_owned(), None);
            }
            Item::Spec { .. } => {}
        }
    }
    (c, keys)
}

fn mingw_values() -> Option<BTreeMap<String, i64>> {
    if Command::new(CC).arg("--version").output().is_err() {
        return None;
    }
    let (source, keys) = c_source();
    let dir = std::env::temp_dir().join(format!("cdfilter-abi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let src = dir.join("layout.c");
    std::fs::write(&src, source).expect("write layout.c");
    let out = Command::new(CC)
        .args(["-std=gnu11", "-S", "-o", "-", "-isystem"])
        .arg(format!("{INCLUDE}/ddk"))
        .arg(&src)
        .output()
        .expect("run mingw gcc");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "mingw gcc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let asm = String::from_utf8_lossy(&out.stdout);
    let mut map = BTreeMap::new();
    let mut lines = asm.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(n) = line.strip_prefix("cdfl_").and_then(|l| l.strip_suffix(':')) else {
            continue;
        };
        let n: usize = n.parse().expect("label number");
        // A zero is emitted as `.space 8`.
        let value = match lines.next() {
            Some(l) if l.starts_with(".space") => 0,
            Some(l) => l
                .strip_prefix(".quad")
                .map(str::trim)
                .and_then(|v| v.parse::<i64>().ok())
                .unwrap_or_else(|| panic!("unexpected line after cdfl_{n}: {l}")),
            None => panic!("no value after cdfl_{n}"),
        };
        map.insert(keys[n].clone(), value);
    }
    Some(map)
}

#[test]
fn abi_matches_mingw_headers() {
    let Some(c) = mingw_values() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{CC} is not installed: the ABI comparison cannot run in CI"
        );
        println!("SKIPPED: {CC} not installed; install gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev");
        return;
    };
    let mut compared_mingw = 0;
    let mut compared_spec = 0;
    let mut mismatches = Vec::new();
    let mut spec_mismatches = Vec::new();
    let mut check = |key: String, rust: i64| match c.get(&key) {
        Some(&v) => {
            compared_mingw += 1;
            if v != rust {
                mismatches.push(format!("{key}: mingw {v:#x}, Rust {rust:#x}"));
            }
        }
        None => mismatches.push(format!("{key}: not emitted by the C side")),
    };
    for d in TABLE {
        let key = format!("code {}", d.name);
        if c.contains_key(&key) {
            check(key, i64::from(d.code));
        }
    }
    for s in NtStatus::ALL {
        let key = format!("status {}", s.name().unwrap_or_default());
        check(key, i64::from(s.0));
    }
    for item in ITEMS {
        match *item {
            Item::Size { c, rust } => check(format!("size {c}"), rust as i64),
            Item::Offset { c, field, rust } => check(format!("offset {c}.{field}"), rust as i64),
            Item::Const { c, rust } => check(format!("const {c}"), rust),
            Item::Spec { name, rust, spec } => {
                compared_spec += 1;
                if rust != spec {
                    spec_mismatches.push(format!("{name}: spec {spec}, Rust {rust}"));
                }
            }
        }
    }
    // Codes mingw lacks were compared with the spec's table by the core's
    // unit test `codes_match_the_spec`; count them here for the report.
    let codes_from_spec = TABLE
        .iter()
        .filter(|d| !c.contains_key(&format!("code {}", d.name)))
        .count();
    println!(
        "ABI: {compared_mingw} items compared with mingw-w64 headers, {} with the spec \
         ({compared_spec} layouts, {codes_from_spec} IOCTL codes mingw lacks)",
        compared_spec + codes_from_spec
    );
    mismatches.extend(spec_mismatches);
    assert!(
        mismatches.is_empty(),
        "ABI mismatches:\n{}",
        mismatches.join("\n")
    );
}
