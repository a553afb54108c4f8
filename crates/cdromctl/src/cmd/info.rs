//! `cdromctl info`: INQUIRY data, the configuration (current profile and
//! features), the capabilities those features announce, and the geometry.

use std::fmt::Write as _;

use serde_json::{json, Value};

use cdfilter_core::abi::config::{FeatureNumber, GetConfigurationIoctlInput, RequestType};
use cdfilter_core::abi::disk::{DiskGeometryEx, DISK_GEOMETRY_EX_FILLED};
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::scsi::config::{ConfigurationView, InquiryData, MAXIMUM_CDROM_INQUIRY_SIZE};

use crate::error::{internal, Error};
use crate::render::Out;
use crate::session::{c_string, decode, Session, NO_INPUT};

/// Output buffer of GET_CONFIGURATION: the whole answer of any drive.
const CONFIGURATION_LEN: usize = 0xFFFE;

/// The INQUIRY fields a person reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inquiry {
    /// Peripheral device type (5 = MMC).
    pub device_type: u8,
    /// RMB.
    pub removable: bool,
    /// T10 vendor.
    pub vendor: String,
    /// Product.
    pub product: String,
    /// Revision.
    pub revision: String,
}

/// IOCTL_CDROM_GET_INQUIRY_DATA.
pub fn inquiry(s: &Session<'_>) -> Result<Inquiry, Error> {
    let reply = s.send(
        Ioctl::CdromGetInquiryData,
        &[],
        usize::from(MAXIMUM_CDROM_INQUIRY_SIZE),
    )?;
    let d: InquiryData = decode(Ioctl::CdromGetInquiryData, &reply.out, 36)?;
    Ok(Inquiry {
        device_type: d.device_type & 0x1F,
        removable: d.removable_media & 0x80 != 0,
        vendor: c_string(&d.vendor_id),
        product: c_string(&d.product_id),
        revision: c_string(&d.product_revision_level),
    })
}

/// One feature descriptor of the configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feature {
    /// Feature code.
    pub code: u16,
    /// Current bit.
    pub current: bool,
    /// Version.
    pub version: u8,
    /// Feature-dependent data.
    pub data: Vec<u8>,
}

/// The configuration: current profile, every profile, every feature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Configuration {
    /// Current profile.
    pub current_profile: u16,
    /// Profiles of the Profile List feature, with their CurrentP bit.
    pub profiles: Vec<(u16, bool)>,
    /// Features in answer order.
    pub features: Vec<Feature>,
}

impl Configuration {
    fn feature(&self, code: FeatureNumber) -> Option<&Feature> {
        self.features.iter().find(|f| u32::from(f.code) == code.0)
    }
}

/// IOCTL_CDROM_GET_CONFIGURATION, every feature.
pub fn configuration(s: &Session<'_>) -> Result<Configuration, Error> {
    let input = GetConfigurationIoctlInput {
        feature: FeatureNumber::PROFILE_LIST.0,
        request_type: RequestType::ALL.0,
        reserved: [0, 0],
    };
    let reply = s.call(Ioctl::CdromGetConfiguration, &input, CONFIGURATION_LEN)?;
    let view = ConfigurationView::new_checked(&reply.out[..])
        .map_err(|_| internal("GET_CONFIGURATION answer shorter than its header"))?;
    let features: Vec<Feature> = view
        .features()
        .map(|f| Feature {
            code: f.header.code(),
            current: f.header.current(),
            version: f.header.version(),
            data: f.data.to_vec(),
        })
        .collect();
    let profiles = features
        .iter()
        .find(|f| f.code == 0)
        .map(|f| {
            f.data
                .chunks_exact(4)
                .map(|p| (u16::from_be_bytes([p[0], p[1]]), p[2] & 1 != 0))
                .collect()
        })
        .unwrap_or_default();
    Ok(Configuration {
        current_profile: view.current_profile(),
        profiles,
        features,
    })
}

/// The name of an MMC profile.
pub fn profile_name(p: u16) -> &'static str {
    match p {
        0x0000 => "no current profile",
        0x0001 => "non-removable disk",
        0x0002 => "removable disk",
        0x0008 => "CD-ROM",
        0x0009 => "CD-R",
        0x000A => "CD-RW",
        0x0010 => "DVD-ROM",
        0x0011 => "DVD-R sequential",
        0x0012 => "DVD-RAM",
        0x0013 => "DVD-RW restricted overwrite",
        0x0014 => "DVD-RW sequential",
        0x001A => "DVD+RW",
        0x001B => "DVD+R",
        0x0040 => "BD-ROM",
        0x0041 => "BD-R SRM",
        0x0043 => "BD-RE",
        0xFFFF => "not conforming to a standard profile",
        _ => "other profile",
    }
}

/// The name of an MMC feature.
pub fn feature_name(code: u16) -> &'static str {
    match code {
        0x0000 => "Profile List",
        0x0001 => "Core",
        0x0002 => "Morphing",
        0x0003 => "Removable Medium",
        0x0004 => "Write Protect",
        0x0010 => "Random Readable",
        0x001D => "Multi-Read",
        0x001E => "CD Read",
        0x001F => "DVD Read",
        0x0020 => "Random Writable",
        0x0021 => "Incremental Streaming Writable",
        0x002D => "CD Track at Once",
        0x002E => "CD Mastering",
        0x0100 => "Power Management",
        0x0101 => "SMART",
        0x0102 => "Embedded Changer",
        0x0103 => "CD Audio External Play",
        0x0104 => "Microcode Upgrade",
        0x0105 => "Timeout",
        0x0106 => "DVD CSS",
        0x0107 => "Real Time Streaming",
        0x0108 => "Logical Unit Serial Number",
        0x010A => "Disc Control Blocks",
        0x010C => "Firmware Information",
        _ => "other feature",
    }
}

/// What the features say the drive can do.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Capabilities {
    /// CD Read: reads CD-TEXT.
    pub cd_text: bool,
    /// CD Read: returns C2 error pointers.
    pub c2_pointers: bool,
    /// CD Read: digital audio play is accurate (DAP).
    pub accurate_audio_stream: bool,
    /// CD Audio External Play is current.
    pub audio_play: bool,
    /// CD Audio External Play: separate channel volume.
    pub separate_volume: bool,
    /// Removable Medium: the medium can be locked.
    pub lock: bool,
    /// Removable Medium: the medium can be ejected.
    pub eject: bool,
    /// Removable Medium: loading mechanism.
    pub loading: &'static str,
    /// Real Time Streaming is current.
    pub streaming: bool,
}

/// Capabilities announced by `c`'s features.
pub fn capabilities(c: &Configuration) -> Capabilities {
    let byte0 = |code| {
        c.feature(code)
            .and_then(|f| f.data.first().copied())
            .unwrap_or(0)
    };
    let current = |code| c.feature(code).is_some_and(|f| f.current);
    let cd_read = byte0(FeatureNumber::CD_READ);
    let audio = byte0(FeatureNumber::CD_AUDIO_ANALOG_PLAY);
    let removable = byte0(FeatureNumber::REMOVABLE_MEDIUM);
    Capabilities {
        cd_text: cd_read & 0x01 != 0,
        c2_pointers: cd_read & 0x02 != 0,
        accurate_audio_stream: cd_read & 0x80 != 0,
        audio_play: current(FeatureNumber::CD_AUDIO_ANALOG_PLAY),
        separate_volume: audio & 0x01 != 0,
        lock: removable & 0x01 != 0,
        eject: removable & 0x08 != 0,
        loading: if c.feature(FeatureNumber::REMOVABLE_MEDIUM).is_none() {
            "unknown"
        } else {
            match removable >> 5 {
                0 => "caddy/slot",
                1 => "tray",
                2 => "pop-up",
                4 => "changer (individual discs)",
                5 => "changer (magazine)",
                _ => "other",
            }
        },
        streaming: current(FeatureNumber::REAL_TIME_STREAMING),
    }
}

/// IOCTL_CDROM_GET_DRIVE_GEOMETRY_EX.
pub fn geometry(s: &Session<'_>) -> Result<DiskGeometryEx, Error> {
    s.query(
        Ioctl::CdromGetDriveGeometryEx,
        NO_INPUT,
        DISK_GEOMETRY_EX_FILLED,
    )
}

fn inquiry_json(i: &Inquiry) -> Value {
    json!({
        "device_type": i.device_type,
        "removable": i.removable,
        "vendor": i.vendor,
        "product": i.product,
        "revision": i.revision,
    })
}

fn configuration_json(c: &Configuration) -> Value {
    json!({
        "current_profile": c.current_profile,
        "current_profile_name": profile_name(c.current_profile),
        "profiles": c.profiles.iter().map(|&(p, cur)| json!({
            "profile": p, "name": profile_name(p), "current": cur,
        })).collect::<Vec<_>>(),
        "features": c.features.iter().map(|f| json!({
            "code": f.code, "name": feature_name(f.code), "current": f.current, "version": f.version,
        })).collect::<Vec<_>>(),
    })
}

fn capabilities_json(c: &Capabilities) -> Value {
    json!({
        "cd_text": c.cd_text,
        "c2_pointers": c.c2_pointers,
        "accurate_audio_stream": c.accurate_audio_stream,
        "audio_play": c.audio_play,
        "separate_volume": c.separate_volume,
        "lock": c.lock,
        "eject": c.eject,
        "loading": c.loading,
        "streaming": c.streaming,
    })
}

fn geometry_json(g: &DiskGeometryEx) -> Value {
    json!({
        "cylinders": g.geometry.cylinders,
        "media_type": g.geometry.media_type.0,
        "tracks_per_cylinder": g.geometry.tracks_per_cylinder,
        "sectors_per_track": g.geometry.sectors_per_track,
        "bytes_per_sector": g.geometry.bytes_per_sector,
        "disk_size": g.disk_size,
    })
}

fn yes(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// The human form of the inquiry section.
pub fn inquiry_text(i: &Inquiry) -> String {
    format!(
        "  drive        {} {} {} (device type {}{})\n",
        i.vendor,
        i.product,
        i.revision,
        i.device_type,
        if i.removable { ", removable" } else { "" }
    )
}

/// The human form of the configuration and capabilities.
pub fn configuration_text(c: &Configuration) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  profile      {:#06x} {}",
        c.current_profile,
        profile_name(c.current_profile)
    );
    let features: Vec<String> = c
        .features
        .iter()
        .map(|f| {
            format!(
                "{}{}",
                feature_name(f.code),
                if f.current { "" } else { " (not current)" }
            )
        })
        .collect();
    let _ = writeln!(s, "  features     {}", features.join(", "));
    let k = capabilities(c);
    let _ = writeln!(
        s,
        "  capabilities CD-TEXT {}, C2 pointers {}, accurate audio {}, audio play {}, separate volume {}, \
         lock {}, eject {}, loading {}, streaming {}",
        yes(k.cd_text),
        yes(k.c2_pointers),
        yes(k.accurate_audio_stream),
        yes(k.audio_play),
        yes(k.separate_volume),
        yes(k.lock),
        yes(k.eject),
        k.loading,
        yes(k.streaming)
    );
    s
}

/// The human form of the geometry.
pub fn geometry_text(g: &DiskGeometryEx) -> String {
    let blocks = g
        .disk_size
        .checked_div(i64::from(g.geometry.bytes_per_sector))
        .unwrap_or(0);
    format!(
        "  geometry     {} bytes per sector, {} sectors, {} bytes ({} cylinders × {} tracks × {} sectors)\n",
        g.geometry.bytes_per_sector,
        blocks,
        g.disk_size,
        g.geometry.cylinders,
        g.geometry.tracks_per_cylinder,
        g.geometry.sectors_per_track
    )
}

/// `cdromctl info`. Every section is tried; a failed section is shown with
/// its error, and the command then fails with the first error.
pub fn run(s: &Session<'_>, out: Out) -> Result<(), Error> {
    let mut text = String::new();
    let mut json = serde_json::Map::new();
    let mut first_error = None;
    let mut section = |name: &str, r: Result<(String, Value), Error>| match r {
        Ok((t, v)) => {
            text.push_str(&t);
            json.insert(name.into(), v);
        }
        Err(e) => {
            let _ = writeln!(text, "  {name:<12} {e}");
            json.insert(name.into(), e.json());
            first_error.get_or_insert(e);
        }
    };
    section(
        "inquiry",
        inquiry(s).map(|i| (inquiry_text(&i), inquiry_json(&i))),
    );
    match configuration(s) {
        Ok(c) => {
            section(
                "configuration",
                Ok((configuration_text(&c), configuration_json(&c))),
            );
            section(
                "capabilities",
                Ok((String::new(), capabilities_json(&capabilities(&c)))),
            );
        }
        Err(e) => section("configuration", Err(e)),
    }
    section(
        "geometry",
        geometry(s).map(|g| (geometry_text(&g), geometry_json(&g))),
    );
    out.emit(&text, &Value::Object(json));
    first_error.map_or(Ok(()), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(features: Vec<Feature>) -> Configuration {
        Configuration {
            current_profile: 8,
            profiles: vec![(8, true)],
            features,
        }
    }

    #[test]
    fn capabilities_from_feature_bits() {
        let c = config(vec![
            Feature {
                code: 0x1E,
                current: true,
                version: 2,
                data: vec![0x83, 0, 0, 0],
            },
            Feature {
                code: 0x03,
                current: true,
                version: 0,
                data: vec![0x29, 0, 0, 0],
            },
        ]);
        let k = capabilities(&c);
        assert!(k.cd_text && k.c2_pointers && k.accurate_audio_stream);
        assert!(k.lock && k.eject);
        assert_eq!(k.loading, "tray");
        assert!(!k.audio_play && !k.streaming);
    }

    #[test]
    fn profile_and_feature_names() {
        assert_eq!(profile_name(0x0008), "CD-ROM");
        assert_eq!(feature_name(0x0107), "Real Time Streaming");
    }
}
