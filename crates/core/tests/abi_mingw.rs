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

use cdfilter_core::ioctl::TABLE;
use cdfilter_core::status::NtStatus;

mod abi_items;
mod mingw;

use abi_items::{Item, ITEMS};
use mingw::{skip_without_compiler, Unit};

/// Every IOCTL code, NTSTATUS value and ABI item, as mingw-w64's headers
/// define them.
fn mingw_values() -> Option<BTreeMap<String, i64>> {
    let mut unit = Unit::new(
        "#include <ntddk.h>\n#include <ntddcdrm.h>\n#include <ntddcdvd.h>\n#include <ntddmmc.h>\n\
         #include <ntddscsi.h>\n#include <ntddstor.h>\n#include <ntdddisk.h>\n#include <ntstatus.h>\n\
         #include <mountmgr.h>\n#include <mountdev.h>\n#include <scsi.h>\n#include <srb.h>\n#include <stddef.h>\n",
    );
    for d in TABLE {
        unit.emit(format!("code {}", d.name), d.name, Some(d.name));
    }
    for s in NtStatus::ALL {
        let name = s.name().unwrap_or_default();
        unit.emit(
            format!("status {name}"),
            &format!("(unsigned int)({name})"),
            Some(name),
        );
    }
    for item in ITEMS {
        match item {
            Item::Size { c: name, .. } => {
                unit.emit(format!("size {name}"), &format!("sizeof({name})"), None);
            }
            Item::Offset { c: name, field, .. } => unit.emit(
                format!("offset {name}.{field}"),
                &format!("offsetof({name}, {field})"),
                None,
            ),
            Item::Const { c: name, .. } => unit.emit(format!("const {name}"), name, None),
            Item::Spec { .. } => {}
        }
    }
    unit.values()
}

#[test]
fn abi_matches_mingw_headers() {
    let Some(c) = mingw_values() else {
        skip_without_compiler();
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
