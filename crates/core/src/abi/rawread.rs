//! Windows structures of IOCTL_CDROM_RAW_READ (`ntddcdrm.h`).
//!
//! The input is a `RAW_READ_INFO`; the output is the caller's buffer
//! (METHOD_OUT_DIRECT), filled by the drive with whole raw sectors.

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout};

/// `COOKED_SECTOR_SIZE`: the unit of `DiskOffset` (one 2048-byte LBA),
/// whatever the track mode.
pub const COOKED_SECTOR_SIZE: u64 = 2048;

/// `RAW_SECTOR_SIZE`: the main channel of one CD sector.
pub const RAW_SECTOR_SIZE: u32 = 2352;

/// `CD_RAW_READ_C2_SIZE`: 294 bytes of C2 error bits, the block error byte
/// and one pad byte (MMC error field value 2).
pub const CD_RAW_READ_C2_SIZE: u32 = 296;

/// `CD_RAW_READ_SUBCODE_SIZE`: raw P–W sub-channel of one sector.
pub const CD_RAW_READ_SUBCODE_SIZE: u32 = 96;

/// `CD_RAW_SECTOR_WITH_C2_SIZE` (2648, not 2646).
pub const CD_RAW_SECTOR_WITH_C2_SIZE: u32 = RAW_SECTOR_SIZE + CD_RAW_READ_C2_SIZE;

/// `CD_RAW_SECTOR_WITH_SUBCODE_SIZE` (2448).
pub const CD_RAW_SECTOR_WITH_SUBCODE_SIZE: u32 = RAW_SECTOR_SIZE + CD_RAW_READ_SUBCODE_SIZE;

/// `CD_RAW_SECTOR_WITH_C2_AND_SUBCODE_SIZE` (2744).
pub const CD_RAW_SECTOR_WITH_C2_AND_SUBCODE_SIZE: u32 =
    RAW_SECTOR_SIZE + CD_RAW_READ_C2_SIZE + CD_RAW_READ_SUBCODE_SIZE;

/// `TRACK_MODE_TYPE`, an int-sized enum. Open: an unknown value fits and is
/// refused by the validator, never transmuted.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(transparent)]
pub struct TrackModeType(pub u32);

impl TrackModeType {
    /// `YellowMode2`: Mode 2 formless sectors, 2352 bytes each.
    pub const YELLOW_MODE2: Self = Self(0);
    /// `XAForm2`: CD-ROM XA Mode 2 Form 2 sectors, 2352 bytes each.
    pub const XA_FORM2: Self = Self(1);
    /// `CDDA`: audio sectors, 2352 bytes each.
    pub const CDDA: Self = Self(2);
    /// `RawWithC2AndSubCode`: any sector, 2352 + C2 block + P–W.
    pub const RAW_WITH_C2_AND_SUB_CODE: Self = Self(3);
    /// `RawWithC2`: any sector, 2352 + C2 block.
    pub const RAW_WITH_C2: Self = Self(4);
    /// `RawWithSubCode`: any sector, 2352 + P–W.
    pub const RAW_WITH_SUB_CODE: Self = Self(5);

    /// Every defined mode, in value order.
    pub const ALL: [Self; 6] = [
        Self::YELLOW_MODE2,
        Self::XA_FORM2,
        Self::CDDA,
        Self::RAW_WITH_C2_AND_SUB_CODE,
        Self::RAW_WITH_C2,
        Self::RAW_WITH_SUB_CODE,
    ];

    /// Bytes the caller receives per sector, from the header constants;
    /// `None` for an unknown mode.
    pub const fn bytes_per_sector(self) -> Option<u32> {
        match self.0 {
            0..=2 => Some(RAW_SECTOR_SIZE),
            3 => Some(CD_RAW_SECTOR_WITH_C2_AND_SUBCODE_SIZE),
            4 => Some(CD_RAW_SECTOR_WITH_C2_SIZE),
            5 => Some(CD_RAW_SECTOR_WITH_SUBCODE_SIZE),
            _ => None,
        }
    }

    /// The Windows name of the mode.
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0 => Some("YellowMode2"),
            1 => Some("XAForm2"),
            2 => Some("CDDA"),
            3 => Some("RawWithC2AndSubCode"),
            4 => Some("RawWithC2"),
            5 => Some("RawWithSubCode"),
            _ => None,
        }
    }

    /// True when the mode returns C2 error information.
    pub const fn needs_c2(self) -> bool {
        matches!(self.0, 3 | 4)
    }

    /// True when the mode returns raw P–W sub-channel.
    pub const fn needs_subcode(self) -> bool {
        matches!(self.0, 3 | 5)
    }
}

/// `RAW_READ_INFO` (16 bytes, alignment 8; identical on x86, no WOW64
/// variant).
#[derive(Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout)]
#[repr(C)]
pub struct RawReadInfo {
    /// Byte offset of the first sector (a signed LARGE_INTEGER; sector ×
    /// 2048).
    pub disk_offset: i64,
    /// Number of sectors to read.
    pub sector_count: u32,
    /// What to read per sector.
    pub track_mode: TrackModeType,
}

const _: () = assert!(size_of::<RawReadInfo>() == 16);
const _: () = assert!(align_of::<RawReadInfo>() == 8);
const _: () = assert!(size_of::<TrackModeType>() == 4);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_layout() {
        let bytes = [
            0x00, 0x80, 0, 0, 0, 0, 0, 0, // DiskOffset = 16 × 2048
            10, 0, 0, 0, // SectorCount
            2, 0, 0, 0, // CDDA
        ];
        let (info, _) = RawReadInfo::read_from_prefix(&bytes).expect("16 bytes");
        assert_eq!(info.disk_offset, 32768);
        assert_eq!(info.sector_count, 10);
        assert_eq!(info.track_mode, TrackModeType::CDDA);
    }

    #[test]
    fn per_sector_sizes_match_the_header_constants() {
        let sizes: [u32; 6] = TrackModeType::ALL.map(|m| m.bytes_per_sector().unwrap_or(0));
        assert_eq!(sizes, [2352, 2352, 2352, 2744, 2648, 2448]);
        assert_eq!(TrackModeType(6).bytes_per_sector(), None);
    }
}
