//! Build script of the peers crate: probes libiscsi's structure layout.
//!
//! The iSCSI port reads five fields of libiscsi's `struct scsi_task` and
//! three of `struct iscsi_url` through raw pointers. Their offsets are not
//! trusted from a header read by eye: a tiny C program is compiled (with the
//! `cc` crate's compiler, against `<iscsi/scsi-lowlevel.h>`, linked with
//! `-liscsi`) and run, and it prints the `offsetof`/`sizeof` values as Rust
//! constants into `$OUT_DIR/iscsi_layout.rs`.
//!
//! When the headers or the library are missing (or when cross-compiling, as
//! the probe cannot run), the crate is built without the iSCSI port: the cfg
//! `cdfilter_libiscsi` stays unset and `IscsiPort::connect` reports why.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(cdfilter_libiscsi)");
    println!("cargo::rerun-if-changed=probe/offsets.c");
    println!("cargo::rerun-if-changed=build.rs");
    if let Err(why) = probe() {
        println!("cargo::warning=cdfilter-peers: iSCSI port disabled: {why}");
    }
}

fn probe() -> Result<(), String> {
    let target = env::var("TARGET").map_err(|e| e.to_string())?;
    let host = env::var("HOST").map_err(|e| e.to_string())?;
    if target != host || !target.contains("linux") {
        return Err(format!(
            "the layout probe must run on the target ({target} on {host})"
        ));
    }
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let exe = out.join("iscsi_layout_probe");
    let compiler = cc::Build::new()
        .cargo_metadata(false)
        .try_get_compiler()
        .map_err(|e| e.to_string())?;
    let built = compiler
        .to_command()
        .arg("probe/offsets.c")
        .arg("-o")
        .arg(&exe)
        .arg("-liscsi")
        .output()
        .map_err(|e| format!("running the C compiler: {e}"))?;
    if !built.status.success() {
        return Err(format!(
            "libiscsi headers or library missing (apt-get install libiscsi-dev): {}",
            String::from_utf8_lossy(&built.stderr).trim()
        ));
    }
    let ran = Command::new(&exe)
        .output()
        .map_err(|e| format!("running the layout probe: {e}"))?;
    if !ran.status.success() {
        return Err("the layout probe failed".to_owned());
    }
    fs::write(out.join("iscsi_layout.rs"), &ran.stdout).map_err(|e| e.to_string())?;
    println!("cargo::rustc-cfg=cdfilter_libiscsi");
    println!("cargo::rustc-link-lib=iscsi");
    Ok(())
}
