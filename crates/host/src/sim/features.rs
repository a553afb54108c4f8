//! GET CONFIGURATION: the feature descriptors of a CD-ROM, CD-R or CD-RW
//! drive.

use super::wire::{answer, be16, byte, put32, Outcome};
use super::{Profile, Sense, SimConfig};

/// Feature numbers (MMC feature list).
pub mod feature {
    /// Profile List.
    pub const PROFILE_LIST: u16 = 0x0000;
    /// Core.
    pub const CORE: u16 = 0x0001;
    /// Morphing.
    pub const MORPHING: u16 = 0x0002;
    /// Removable Medium.
    pub const REMOVABLE_MEDIUM: u16 = 0x0003;
    /// Random Readable.
    pub const RANDOM_READABLE: u16 = 0x0010;
    /// Multi-Read.
    pub const MULTI_READ: u16 = 0x001D;
    /// CD Read.
    pub const CD_READ: u16 = 0x001E;
    /// CD Track at Once.
    pub const CD_TRACK_AT_ONCE: u16 = 0x002D;
    /// CD Mastering (session at once / raw).
    pub const CD_MASTERING: u16 = 0x002E;
    /// CD-RW Media Write Support.
    pub const CD_RW_MEDIA_WRITE: u16 = 0x0037;
    /// Power Management.
    pub const POWER_MANAGEMENT: u16 = 0x0100;
    /// CD External Audio Play.
    pub const CD_AUDIO_EXTERNAL_PLAY: u16 = 0x0103;
    /// Real-Time Streaming.
    pub const REAL_TIME_STREAMING: u16 = 0x0107;
}

/// One feature descriptor: code, version, persistent and current flags,
/// feature-dependent data.
struct Feature {
    code: u16,
    version: u8,
    persistent: bool,
    current: bool,
    data: Vec<u8>,
}

impl Feature {
    fn bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(4 + self.data.len());
        v.extend_from_slice(&self.code.to_be_bytes());
        v.push(self.version << 2 | u8::from(self.persistent) << 1 | u8::from(self.current));
        v.push(self.data.len() as u8);
        v.extend_from_slice(&self.data);
        v
    }
}

/// Every feature the drive has, in ascending order. `ready`: a medium is
/// loaded and spun up (medium-dependent features are current).
fn features(config: &SimConfig, ready: bool) -> Vec<Feature> {
    let profile = config.profile;
    let f = |code, version, persistent, current, data: Vec<u8>| Feature {
        code,
        version,
        persistent,
        current,
        data,
    };
    let profiles: Vec<u8> = profile
        .supported()
        .iter()
        .flat_map(|p| {
            let [hi, lo] = p.code().to_be_bytes();
            [hi, lo, u8::from(ready && *p == profile), 0]
        })
        .collect();
    let mut core = vec![0u8; 8];
    put32(&mut core, 0, 0x0000_0002); // physical interface: ATAPI
    core[4] = 0x01; // DBE
    let mut random = vec![0u8; 8];
    put32(&mut random, 0, 2048); // logical block size
    random[4..6].copy_from_slice(&1u16.to_be_bytes()); // blocking
    random[6] = 0x01; // PP: error recovery page present
    let cd_read = u8::from(config.c2_pointers) << 1 | u8::from(config.cd_text);
    let writer = profile.is_writer();
    let cd_rw = u8::from(profile == Profile::CdRw);
    let mut list = vec![
        f(feature::PROFILE_LIST, 0, true, true, profiles),
        f(feature::CORE, 2, true, true, core),
        // OCEvent: operational change events through GET EVENT STATUS.
        f(feature::MORPHING, 1, true, true, vec![0x02, 0, 0, 0]),
        // Tray loader, Eject, Lock.
        f(
            feature::REMOVABLE_MEDIUM,
            0,
            true,
            true,
            vec![0x29, 0, 0, 0],
        ),
        f(feature::RANDOM_READABLE, 0, false, ready, random),
        f(feature::MULTI_READ, 0, false, ready, Vec::new()),
        f(feature::CD_READ, 2, false, ready, vec![cd_read, 0, 0, 0]),
    ];
    if writer {
        // A finalised disc cannot be written: the write features exist but
        // are not current.
        let rw = cd_rw << 1;
        // CD Track at Once: Test Write, CD-RW, R-W subcode; data types 0xFFFF.
        list.push(f(
            feature::CD_TRACK_AT_ONCE,
            2,
            false,
            false,
            vec![0x04 | rw | 0x01, 0, 0xFF, 0xFF],
        ));
        // CD Mastering: BUF, SAO, Raw MS, Raw, Test Write, CD-RW; cue sheet
        // up to 64 KiB.
        list.push(f(
            feature::CD_MASTERING,
            0,
            false,
            false,
            vec![0x7C | rw, 0x01, 0x00, 0x00],
        ));
        if profile == Profile::CdRw {
            // CD-RW sub-types 0 and 1 (low speed and high speed).
            list.push(f(
                feature::CD_RW_MEDIA_WRITE,
                0,
                false,
                false,
                vec![0, 0x03, 0, 0],
            ));
        }
    }
    list.push(f(feature::POWER_MANAGEMENT, 0, true, true, Vec::new()));
    // CD External Audio Play: separate channel mute and volume, 256 levels.
    list.push(f(
        feature::CD_AUDIO_EXTERNAL_PLAY,
        0,
        false,
        ready,
        vec![0x03, 0, 0x01, 0x00],
    ));
    if config.streaming {
        // Real-Time Streaming: Stream Writing and Write Speed Performance
        // Descriptors for writers, Set CD Speed (SCS), Read Buffer Capacity
        // Block (RBCB).
        let bits = 0x10 | 0x08 | u8::from(writer) << 1 | u8::from(writer);
        list.push(f(
            feature::REAL_TIME_STREAMING,
            3,
            false,
            ready,
            vec![bits, 0, 0, 0],
        ));
    }
    list
}

/// GET CONFIGURATION: RT 0 all features from the starting one, RT 1 the
/// current ones from there, RT 2 exactly that one.
pub(super) fn get_configuration(
    config: &SimConfig,
    ready: bool,
    cdb: &[u8],
    buf: &mut [u8],
) -> Outcome {
    let rt = byte(cdb, 1) & 0x03;
    let start = be16(cdb, 2);
    let alloc = usize::from(be16(cdb, 7));
    let wanted = |f: &Feature| match rt {
        0 => f.code >= start,
        1 => f.code >= start && f.current,
        2 => f.code == start,
        _ => false,
    };
    if rt == 3 || (rt == 2 && config.refuses_type_one_config) {
        return Err(Sense::INVALID_FIELD_IN_CDB);
    }
    let mut v = vec![0u8; 8];
    for f in features(config, ready).iter().filter(|f| wanted(f)) {
        v.extend_from_slice(&f.bytes());
    }
    let data_length = (v.len() - 4) as u32;
    put32(&mut v, 0, data_length);
    let current = if ready { config.profile.code() } else { 0 };
    v[6..8].copy_from_slice(&current.to_be_bytes());
    Ok(answer(buf, &v, alloc))
}
