//! Values of C constant expressions as mingw-w64's headers define them,
//! without running anything: each expression becomes
//! `const long long cdfl_N = (long long)(expr);` in a translation unit that
//! `x86_64-w64-mingw32-gcc -S` compiles, and the `.quad` (or `.space` for a
//! zero) after the label `cdfl_N` is its value.
//!
//! Shared by the core's ABI test and the driver crate's (which includes this
//! file by path).

#![allow(dead_code, reason = "each including test uses part of it")]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::Command;

/// The mingw-w64 C compiler.
pub const CC: &str = "x86_64-w64-mingw32-gcc";
/// mingw-w64's include directory (Debian's mingw-w64-x86-64-dev).
pub const INCLUDE: &str = "/usr/share/mingw-w64/include";

/// A translation unit under construction: a prelude of `#include`s, then
/// one labelled value per [`Unit::emit`].
pub struct Unit {
    source: String,
    keys: Vec<String>,
}

impl Unit {
    /// A unit that starts with `prelude` (the `#include` lines).
    pub fn new(prelude: &str) -> Self {
        Self {
            source: prelude.to_owned(),
            keys: Vec::new(),
        }
    }

    /// Emits `expr` under `key`; with `guard`, only if that macro is
    /// defined (a missing key then means "the headers lack it").
    pub fn emit(&mut self, key: String, expr: &str, guard: Option<&str>) {
        let n = self.keys.len();
        if let Some(g) = guard {
            let _ = writeln!(self.source, "#ifdef {g}");
        }
        let _ = writeln!(
            self.source,
            "__attribute__((used)) const long long cdfl_{n} = (long long)({expr});"
        );
        if guard.is_some() {
            let _ = writeln!(self.source, "#endif");
        }
        self.keys.push(key);
    }

    /// Compiles the unit; `None` when the compiler is not installed.
    ///
    /// # Panics
    ///
    /// If the compiler fails or prints something unexpected.
    pub fn values(&self) -> Option<BTreeMap<String, i64>> {
        if Command::new(CC).arg("--version").output().is_err() {
            return None;
        }
        let dir = std::env::temp_dir().join(format!(
            "cdfilter-abi-{}-{}",
            std::process::id(),
            self.keys.len()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let src = dir.join("layout.c");
        std::fs::write(&src, &self.source).expect("write layout.c");
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
            map.insert(self.keys[n].clone(), value);
        }
        Some(map)
    }
}

/// Fails when `CI=true` (the comparison must run there), otherwise prints
/// a SKIPPED line: for a test whose compiler is missing.
pub fn skip_without_compiler() {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{CC} is not installed: the ABI comparison cannot run in CI"
    );
    println!("SKIPPED: {CC} not installed; install gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev");
}
