//! Windows structures of the audio IOCTLs (`ntddcdrm.h`).
//!
//! The Q-channel answers are the MMC READ SUB-CHANNEL layout byte for byte:
//! the driver copies the drive's answer without conversion, so multi-byte
//! fields stay big-endian byte arrays (`DataLength`, the addresses).

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `CDROM_PLAY_AUDIO_MSF`: input of IOCTL_CDROM_PLAY_AUDIO_MSF (binary MSF).
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromPlayAudioMsf {
    /// Start minute.
    pub starting_m: u8,
    /// Start second.
    pub starting_s: u8,
    /// Start frame.
    pub starting_f: u8,
    /// End minute.
    pub ending_m: u8,
    /// End second.
    pub ending_s: u8,
    /// End frame.
    pub ending_f: u8,
}
const _: () = assert!(size_of::<CdromPlayAudioMsf>() == 6);

impl CdromPlayAudioMsf {
    /// `[M, S, F]` of the start.
    pub const fn starting(&self) -> [u8; 3] {
        [self.starting_m, self.starting_s, self.starting_f]
    }

    /// `[M, S, F]` of the end.
    pub const fn ending(&self) -> [u8; 3] {
        [self.ending_m, self.ending_s, self.ending_f]
    }
}

/// `CDROM_SEEK_AUDIO_MSF`: input of IOCTL_CDROM_SEEK_AUDIO_MSF.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromSeekAudioMsf {
    /// Minute.
    pub m: u8,
    /// Second.
    pub s: u8,
    /// Frame.
    pub f: u8,
}
const _: () = assert!(size_of::<CdromSeekAudioMsf>() == 3);

/// `CDROM_SUB_Q_DATA_FORMAT`: input of IOCTL_CDROM_READ_Q_CHANNEL.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct CdromSubQDataFormat {
    /// One of [`SubQFormat`]'s values.
    pub format: u8,
    /// Track number (ISRC only).
    pub track: u8,
}
const _: () = assert!(size_of::<CdromSubQDataFormat>() == 2);

/// The `Format` of [`CdromSubQDataFormat`] (`IOCTL_CDROM_*` sub-Q formats).
/// Open: any byte fits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct SubQFormat(pub u8);

impl SubQFormat {
    /// `IOCTL_CDROM_SUB_Q_CHANNEL`: the raw Q channel (refused by the class
    /// driver).
    pub const SUB_Q_CHANNEL: Self = Self(0x00);
    /// `IOCTL_CDROM_CURRENT_POSITION`.
    pub const CURRENT_POSITION: Self = Self(0x01);
    /// `IOCTL_CDROM_MEDIA_CATALOG`.
    pub const MEDIA_CATALOG: Self = Self(0x02);
    /// `IOCTL_CDROM_TRACK_ISRC`.
    pub const TRACK_ISRC: Self = Self(0x03);

    /// Size of the answer structure of a supported format (16, 24, 24);
    /// `None` for a format the driver refuses.
    pub const fn answer_len(self) -> Option<usize> {
        match self {
            Self::CURRENT_POSITION => Some(size_of::<SubQCurrentPosition>()),
            Self::MEDIA_CATALOG => Some(size_of::<SubQMediaCatalogNumber>()),
            Self::TRACK_ISRC => Some(size_of::<SubQTrackIsrc>()),
            _ => None,
        }
    }
}

/// `AUDIO_STATUS_*`: the audio status byte of a Q-channel header. Open.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct AudioStatus(pub u8);

impl AudioStatus {
    /// `AUDIO_STATUS_NOT_SUPPORTED`: the drive does not report a status.
    pub const NOT_SUPPORTED: Self = Self(0x00);
    /// `AUDIO_STATUS_IN_PROGRESS`: playing.
    pub const IN_PROGRESS: Self = Self(0x11);
    /// `AUDIO_STATUS_PAUSED`.
    pub const PAUSED: Self = Self(0x12);
    /// `AUDIO_STATUS_PLAY_COMPLETE`: play ended successfully (reported once).
    pub const PLAY_COMPLETE: Self = Self(0x13);
    /// `AUDIO_STATUS_PLAY_ERROR`: play stopped on an error (reported once).
    pub const PLAY_ERROR: Self = Self(0x14);
    /// `AUDIO_STATUS_NO_STATUS`: no current audio status.
    pub const NO_STATUS: Self = Self(0x15);
}

/// Q-channel CONTROL bits (`AUDIO_WITH_PREEMPHASIS`, ...).
pub mod control {
    /// `AUDIO_WITH_PREEMPHASIS`.
    pub const AUDIO_WITH_PREEMPHASIS: u8 = 0x1;
    /// `DIGITAL_COPY_PERMITTED`.
    pub const DIGITAL_COPY_PERMITTED: u8 = 0x2;
    /// `AUDIO_DATA_TRACK`.
    pub const AUDIO_DATA_TRACK: u8 = 0x4;
    /// `TWO_FOUR_CHANNEL_AUDIO`.
    pub const TWO_FOUR_CHANNEL_AUDIO: u8 = 0x8;
}

/// `SUB_Q_HEADER`.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct SubQHeader {
    /// Reserved.
    pub reserved: u8,
    /// [`AudioStatus`].
    pub audio_status: u8,
    /// Sub-channel data length after the header, big-endian.
    pub data_length: [u8; 2],
}
const _: () = assert!(size_of::<SubQHeader>() == 4);

impl SubQHeader {
    /// The audio status.
    pub const fn status(&self) -> AudioStatus {
        AudioStatus(self.audio_status)
    }

    /// `DataLength` as a number.
    pub const fn data_len(&self) -> u16 {
        u16::from_be_bytes(self.data_length)
    }
}

/// `SUB_Q_CURRENT_POSITION`: format 1.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct SubQCurrentPosition {
    /// The header.
    pub header: SubQHeader,
    /// 0x01.
    pub format_code: u8,
    /// `Control : 4` (bits 3..0) and `ADR : 4` (bits 7..4).
    pub control_adr: u8,
    /// Track number.
    pub track_number: u8,
    /// Index number (0 in a pregap).
    pub index_number: u8,
    /// Absolute address (`00 M S F` or a big-endian LBA).
    pub absolute_address: [u8; 4],
    /// Track-relative address (`00 M S F` or a big-endian signed LBA).
    pub track_relative_address: [u8; 4],
}
const _: () = assert!(size_of::<SubQCurrentPosition>() == 16);

impl SubQCurrentPosition {
    /// The CONTROL nibble ([`control`] bits).
    pub const fn control(&self) -> u8 {
        self.control_adr & 0x0F
    }

    /// The ADR nibble.
    pub const fn adr(&self) -> u8 {
        self.control_adr >> 4
    }
}

/// `SUB_Q_MEDIA_CATALOG_NUMBER`: format 2.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct SubQMediaCatalogNumber {
    /// The header.
    pub header: SubQHeader,
    /// 0x02.
    pub format_code: u8,
    /// Reserved.
    pub reserved: [u8; 3],
    /// Bits 6..0 `Reserved1`, bit 7 `Mcval`.
    pub mcval: u8,
    /// 13 ASCII digits, a zero byte, AFRAME.
    pub media_catalog: [u8; 15],
}
const _: () = assert!(size_of::<SubQMediaCatalogNumber>() == 24);

impl SubQMediaCatalogNumber {
    /// `Mcval`: the catalogue number is valid.
    pub const fn is_valid(&self) -> bool {
        self.mcval & 0x80 != 0
    }
}

/// `SUB_Q_TRACK_ISRC`: format 3.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct SubQTrackIsrc {
    /// The header.
    pub header: SubQHeader,
    /// 0x03.
    pub format_code: u8,
    /// Reserved (MMC: ADR/CONTROL).
    pub reserved0: u8,
    /// Track number.
    pub track: u8,
    /// Reserved.
    pub reserved1: u8,
    /// Bits 6..0 `Reserved2`, bit 7 `Tcval`.
    pub tcval: u8,
    /// 12 ISRC characters, a zero byte, AFRAME, a reserved byte.
    pub track_isrc: [u8; 15],
}
const _: () = assert!(size_of::<SubQTrackIsrc>() == 24);

impl SubQTrackIsrc {
    /// `Tcval`: the ISRC is valid.
    pub const fn is_valid(&self) -> bool {
        self.tcval & 0x80 != 0
    }
}

/// `VOLUME_CONTROL`: output of GET_VOLUME, input of SET_VOLUME.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    PartialEq,
    Eq,
    Debug,
    Default,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct VolumeControl {
    /// Volume of output ports 0..3 (0x00 mute … 0xFF maximum).
    pub port_volume: [u8; 4],
}
const _: () = assert!(size_of::<VolumeControl>() == 4);

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    #[test]
    fn current_position_offsets() {
        assert_eq!(offset_of!(SubQCurrentPosition, format_code), 4);
        assert_eq!(offset_of!(SubQCurrentPosition, control_adr), 5);
        assert_eq!(offset_of!(SubQCurrentPosition, track_number), 6);
        assert_eq!(offset_of!(SubQCurrentPosition, index_number), 7);
        assert_eq!(offset_of!(SubQCurrentPosition, absolute_address), 8);
        assert_eq!(offset_of!(SubQCurrentPosition, track_relative_address), 12);
    }

    #[test]
    fn catalog_offsets() {
        assert_eq!(offset_of!(SubQMediaCatalogNumber, mcval), 8);
        assert_eq!(offset_of!(SubQMediaCatalogNumber, media_catalog), 9);
        assert_eq!(offset_of!(SubQTrackIsrc, track), 6);
        assert_eq!(offset_of!(SubQTrackIsrc, tcval), 8);
        assert_eq!(offset_of!(SubQTrackIsrc, track_isrc), 9);
    }

    #[test]
    fn answer_sizes_per_format() {
        assert_eq!(SubQFormat::SUB_Q_CHANNEL.answer_len(), None);
        assert_eq!(SubQFormat::CURRENT_POSITION.answer_len(), Some(16));
        assert_eq!(SubQFormat::MEDIA_CATALOG.answer_len(), Some(24));
        assert_eq!(SubQFormat::TRACK_ISRC.answer_len(), Some(24));
        assert_eq!(SubQFormat(4).answer_len(), None);
    }

    #[test]
    fn position_nibbles() {
        let (p, _) = SubQCurrentPosition::read_from_prefix(&[
            0, 0x11, 0, 12, 1, 0x14, 2, 1, 0, 0, 2, 0, 0, 0, 0, 0,
        ])
        .unwrap();
        assert_eq!((p.adr(), p.control()), (1, 4));
        assert_eq!(p.header.status(), AudioStatus::IN_PROGRESS);
        assert_eq!(p.header.data_len(), 12);
    }
}
