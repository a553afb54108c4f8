//! The INF template (inf/cdfilter.inx): encoding, structure, references,
//! strings, and the filter registrations.
//!
//! stampinf reads the template and writes the INF in the same encoding;
//! Windows reads INF files as UTF-16 LE (with a byte-order mark) or ANSI,
//! and prefers UTF-16 LE. windows-drivers-rs' sample templates are UTF-16 LE
//! with a BOM and CRLF line ends, and so is this one.

use std::collections::BTreeMap;

const CDROM_CLASS_GUID: &str = "{4d36e965-e325-11ce-bfc1-08002be10318}";
/// FLG_ADDREG_TYPE_MULTI_SZ | FLG_ADDREG_APPEND.
const MULTI_SZ_APPEND: u32 = 0x0001_0000 | 0x0000_0008;
/// SPSVCINST_ASSOCSERVICE.
const ASSOCSERVICE: u32 = 0x2;

fn raw() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/inf/cdfilter.inx"))
        .expect("inf/cdfilter.inx")
}

fn text() -> String {
    let raw = raw();
    let units: Vec<u16> = raw[2..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16(&units).expect("valid UTF-16 LE")
}

/// Sections (lower-cased names) → their lines, comments stripped.
fn sections() -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current = None;
    for line in text().split("\r\n") {
        let line = strip_comment(line).trim().to_owned();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_lowercase();
            assert!(!map.contains_key(&name), "section [{name}] defined twice");
            map.insert(name.clone(), Vec::new());
            current = Some(name);
        } else {
            let name = current.clone().expect("a line before the first section");
            map.get_mut(&name).expect("current section").push(line);
        }
    }
    map
}

/// The line without its `;` comment (a `;` inside quotes is text).
fn strip_comment(line: &str) -> &str {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => return &line[..i],
            _ => {}
        }
    }
    line
}

/// `key = value` entries of a section (keys lower-cased).
fn entries(sections: &BTreeMap<String, Vec<String>>, section: &str) -> Vec<(String, String)> {
    sections
        .get(&section.to_lowercase())
        .unwrap_or_else(|| panic!("section [{section}] missing"))
        .iter()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect()
}

fn value(sections: &BTreeMap<String, Vec<String>>, section: &str, key: &str) -> String {
    entries(sections, section)
        .into_iter()
        .find(|(k, _)| k == &key.to_lowercase())
        .map_or_else(|| panic!("[{section}] has no {key}"), |(_, v)| v)
}

fn fields(v: &str) -> Vec<String> {
    v.split(',')
        .map(|f| f.trim().trim_matches('"').to_owned())
        .collect()
}

fn number(v: &str) -> u32 {
    let v = v.trim();
    match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(hex) => u32::from_str_radix(hex, 16).expect("hex number"),
        None => v.parse().expect("number"),
    }
}

/// The install sections a Models section points at.
fn install_sections(s: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let mut out = Vec::new();
    for (_, v) in entries(s, "Manufacturer") {
        let f = fields(&v);
        for decoration in &f[1..] {
            for (_, model) in entries(s, &format!("{}.{decoration}", f[0])) {
                out.push(fields(&model)[0].clone());
            }
        }
    }
    out
}

#[test]
fn template_is_utf16_le_with_a_bom_crlf_and_only_ascii() {
    let raw = raw();
    let text = text();

    assert_eq!(&raw[..2], &[0xFF, 0xFE], "UTF-16 LE byte-order mark");
    assert_eq!(raw.len() % 2, 0);
    assert!(text.is_ascii());
    assert!(text.ends_with("\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF only"
    );
}

#[test]
fn version_names_the_cdrom_setup_class_and_the_catalog() {
    let s = sections();

    assert_eq!(value(&s, "Version", "Signature"), "\"$WINDOWS NT$\"");
    assert_eq!(value(&s, "Version", "Class"), "CDROM");
    assert_eq!(
        value(&s, "Version", "ClassGuid").to_lowercase(),
        CDROM_CLASS_GUID
    );
    assert_eq!(value(&s, "Version", "CatalogFile"), "cdfilter.cat");
    assert_eq!(value(&s, "Version", "PnpLockdown"), "1");
}

#[test]
fn files_are_installed_to_the_driver_store() {
    let s = sections();

    assert_eq!(value(&s, "DestinationDirs", "DefaultDestDir"), "13");
    assert_eq!(
        fields(&value(&s, "SourceDisksFiles", "cdfilter.sys"))[0],
        "1"
    );
    assert!(entries(&s, "SourceDisksNames")
        .iter()
        .any(|(k, _)| k == "1"));
}

#[test]
fn every_referenced_section_exists() {
    let s = sections();
    let mut referenced = Vec::new();
    for lines in s.values() {
        for line in lines {
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let f = fields(v);
            match k.trim().to_lowercase().as_str() {
                "addreg" | "copyfiles" => referenced.extend(f),
                "addservice" => referenced.push(f[2].clone()),
                "kmdfservice" => referenced.push(f[1].clone()),
                _ => {}
            }
        }
    }
    for install in install_sections(&s) {
        referenced.push(format!("{install}.NT"));
        referenced.push(format!("{install}.NT.Services"));
    }

    assert!(!referenced.is_empty());
    for name in referenced {
        assert!(
            s.contains_key(&name.to_lowercase()),
            "[{name}] is referenced but missing"
        );
    }
}

#[test]
fn every_string_token_resolves() {
    let s = sections();
    let strings: Vec<String> = entries(&s, "Strings").into_iter().map(|(k, _)| k).collect();
    let text = text();
    let mut tokens = Vec::new();
    for line in text.split("\r\n").map(strip_comment) {
        let parts: Vec<&str> = line.split('%').collect();
        tokens.extend(parts.iter().skip(1).step_by(2).map(|t| t.to_lowercase()));
    }

    assert!(tokens.len() >= 5);
    for token in tokens {
        // %13% is a directory id, not a string.
        if token.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        assert!(strings.contains(&token), "%{token}% has no [Strings] entry");
    }
}

#[test]
fn device_install_matches_gencdrom_and_builds_on_cdrom_inf() {
    let s = sections();
    let models: Vec<String> = entries(&s, "cdfilter_Models.NT$ARCH$.10.0...16299")
        .into_iter()
        .map(|(_, v)| v)
        .collect();

    assert_eq!(fields(&models[0]), ["cdfilter_Device", "GenCdRom"]);
    for section in [
        "cdfilter_Device.NT",
        "cdfilter_Device.NT.HW",
        "cdfilter_Device.NT.Services",
    ] {
        assert_eq!(value(&s, section, "Include"), "cdrom.inf", "[{section}]");
    }
    assert_eq!(value(&s, "cdfilter_Device.NT", "Needs"), "cdrom_install");
}

#[test]
fn device_install_appends_the_filter_to_the_devices_upper_filters() {
    let s = sections();
    let addreg = value(&s, "cdfilter_Device.NT.HW", "AddReg");
    let line = &s[&addreg.to_lowercase()][0];
    let f = fields(line);

    assert_eq!(
        (f[0].as_str(), f[1].as_str(), f[2].as_str()),
        ("HKR", "", "UpperFilters")
    );
    assert_eq!(number(&f[3]), MULTI_SZ_APPEND);
    assert_eq!(f[4], "cdfilter");
}

#[test]
fn class_install_appends_the_filter_to_the_cdrom_class_upper_filters() {
    let s = sections();
    let addreg = value(&s, "DefaultInstall.NT$ARCH$", "AddReg");
    let line = &s[&addreg.to_lowercase()][0];
    let f = fields(line);

    assert_eq!(f[0], "HKLM");
    assert_eq!(
        f[1].to_lowercase(),
        format!("system\\currentcontrolset\\control\\class\\{CDROM_CLASS_GUID}")
    );
    assert_eq!(f[2], "UpperFilters");
    assert_eq!(number(&f[3]), MULTI_SZ_APPEND);
    assert_eq!(f[4], "cdfilter");
    assert!(s.contains_key("defaultinstall.nt$arch$.services"));
}

#[test]
fn the_service_is_a_kernel_driver_and_never_the_function_driver() {
    let s = sections();
    // Device filter: runs from the driver store (13); class filter: copied to
    // the drivers directory (12), see the template.
    for (services, binary) in [
        ("cdfilter_Device.NT.Services", "%13%\\cdfilter.sys"),
        ("DefaultInstall.NT$ARCH$.Services", "%12%\\cdfilter.sys"),
    ] {
        let f = fields(&value(&s, services, "AddService"));
        let flags = if f[1].is_empty() { 0 } else { number(&f[1]) };
        assert_eq!(f[0], "cdfilter", "[{services}]");
        assert_eq!(flags & ASSOCSERVICE, 0, "[{services}]");
        assert_eq!(value(&s, &f[2], "ServiceType"), "1", "[{}]", f[2]);
        assert!(["1", "3"].contains(&value(&s, &f[2], "StartType").as_str()));
        assert_eq!(value(&s, &f[2], "ServiceBinary"), binary, "[{}]", f[2]);
    }
    assert_eq!(
        value(&s, "DestinationDirs", "cdfilter_ClassCopyFiles"),
        "12"
    );
    assert_eq!(
        value(&s, "DefaultInstall.NT$ARCH$", "CopyFiles"),
        "cdfilter_ClassCopyFiles"
    );
}

#[test]
fn kmdf_version_comes_from_the_crate_metadata() {
    let s = sections();
    let manifest = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .expect("Cargo.toml");
    let kmdf = fields(&value(&s, "cdfilter_Device.NT.Wdf", "KmdfService"));

    assert_eq!(kmdf[0], "cdfilter");
    // stampinf -k <major>.<minor> (from the metadata below) replaces the token.
    assert_eq!(value(&s, &kmdf[1], "KmdfLibraryVersion"), "$KMDFVERSION$");
    assert!(manifest.contains("kmdf-version-major = 1\ntarget-kmdf-version-minor = 33\n"));
}
