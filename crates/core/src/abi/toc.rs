//! Windows structures of the TOC IOCTLs (`ntddcdrm.h`): IOCTL_CDROM_READ_TOC,
//! IOCTL_CDROM_READ_TOC_EX and IOCTL_CDROM_GET_LAST_SESSION.
//!
//! Every output structure here has the device's own layout (READ TOC/PMA/ATIP
//! answers, MMC-6 §6.26), which is why the driver may let the device write
//! straight into the caller's buffer. All fields are bytes: lengths and
//! addresses are big-endian byte arrays as on the wire, and the C bit fields
//! share one byte behind accessors. The variable-length arrays the SDK
//! declares `[0]` are not part of the header types (their size is 4, as in C);
//! the descriptor types are separate and read through
//! [`crate::scsi::toc::TocView`].

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `MAXIMUM_NUMBER_TRACKS`: entries of `CDROM_TOC.TrackData` (99 tracks plus
/// the lead-out).
pub const MAXIMUM_NUMBER_TRACKS: usize = 100;
/// `MAXIMUM_CDROM_SIZE`: `sizeof(CDROM_TOC)`, the output IOCTL_CDROM_READ_TOC
/// demands.
pub const MAXIMUM_CDROM_SIZE: usize = 804;
/// `MINIMUM_CDROM_READ_TOC_EX_SIZE`: the smallest output of READ_TOC_EX (the
/// length field).
pub const MINIMUM_CDROM_READ_TOC_EX_SIZE: usize = 2;
/// Track number of the lead-out entry in a format-0 TOC.
pub const LEAD_OUT_TRACK: u8 = 0xAA;

/// `CDROM_READ_TOC_EX.Format`, also the READ TOC CDB's format field. Open:
/// any 4-bit value fits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct TocFormat(pub u8);

impl TocFormat {
    /// `CDROM_READ_TOC_EX_FORMAT_TOC`: the formatted TOC (`CDROM_TOC`).
    pub const TOC: Self = Self(0x00);
    /// `CDROM_READ_TOC_EX_FORMAT_SESSION`: `CDROM_TOC_SESSION_DATA`.
    pub const SESSION: Self = Self(0x01);
    /// `CDROM_READ_TOC_EX_FORMAT_FULL_TOC`: `CDROM_TOC_FULL_TOC_DATA`.
    pub const FULL_TOC: Self = Self(0x02);
    /// `CDROM_READ_TOC_EX_FORMAT_PMA`: `CDROM_TOC_PMA_DATA`.
    pub const PMA: Self = Self(0x03);
    /// `CDROM_READ_TOC_EX_FORMAT_ATIP`: `CDROM_TOC_ATIP_DATA`.
    pub const ATIP: Self = Self(0x04);
    /// `CDROM_READ_TOC_EX_FORMAT_CDTEXT`: `CDROM_TOC_CD_TEXT_DATA`.
    pub const CDTEXT: Self = Self(0x05);

    /// One of the six formats Windows defines.
    pub const fn is_defined(self) -> bool {
        self.0 <= Self::CDTEXT.0
    }

    /// Whether `SessionTrack` means something for this format: a starting
    /// track (TOC), a session (full TOC) or a starting pack (CD-TEXT). For
    /// the session, PMA and ATIP formats it must be 0.
    pub const fn uses_session_track(self) -> bool {
        matches!(self, Self::TOC | Self::FULL_TOC | Self::CDTEXT)
    }
}

/// `TRACK_DATA.Adr` / `CDROM_TOC_FULL_TOC_DATA_BLOCK.Adr` values (`ADR_*`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct Adr(pub u8);

impl Adr {
    /// `ADR_NO_MODE_INFORMATION`.
    pub const NO_MODE_INFORMATION: Self = Self(0x0);
    /// `ADR_ENCODES_CURRENT_POSITION`: the Q channel carries a position.
    pub const ENCODES_CURRENT_POSITION: Self = Self(0x1);
    /// `ADR_ENCODES_MEDIA_CATALOG`.
    pub const ENCODES_MEDIA_CATALOG: Self = Self(0x2);
    /// `ADR_ENCODES_ISRC`.
    pub const ENCODES_ISRC: Self = Self(0x3);
}

/// Bits of the 4-bit `Control` field (Q-channel CONTROL).
pub mod control {
    /// `AUDIO_WITH_PREEMPHASIS`.
    pub const AUDIO_WITH_PREEMPHASIS: u8 = 0x1;
    /// `DIGITAL_COPY_PERMITTED`.
    pub const DIGITAL_COPY_PERMITTED: u8 = 0x2;
    /// `AUDIO_DATA_TRACK`: a data track.
    pub const AUDIO_DATA_TRACK: u8 = 0x4;
    /// `TWO_FOUR_CHANNEL_AUDIO`: four-channel audio.
    pub const TWO_FOUR_CHANNEL_AUDIO: u8 = 0x8;
}

/// `CDROM_CD_TEXT_PACK_*`: CD-TEXT pack types (0x80..=0x8F).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CdTextPackType(pub u8);

impl CdTextPackType {
    /// `CDROM_CD_TEXT_PACK_ALBUM_NAME`.
    pub const ALBUM_NAME: Self = Self(0x80);
    /// `CDROM_CD_TEXT_PACK_PERFORMER`.
    pub const PERFORMER: Self = Self(0x81);
    /// `CDROM_CD_TEXT_PACK_SONGWRITER`.
    pub const SONGWRITER: Self = Self(0x82);
    /// `CDROM_CD_TEXT_PACK_COMPOSER`.
    pub const COMPOSER: Self = Self(0x83);
    /// `CDROM_CD_TEXT_PACK_ARRANGER`.
    pub const ARRANGER: Self = Self(0x84);
    /// `CDROM_CD_TEXT_PACK_MESSAGES`.
    pub const MESSAGES: Self = Self(0x85);
    /// `CDROM_CD_TEXT_PACK_DISC_ID`.
    pub const DISC_ID: Self = Self(0x86);
    /// `CDROM_CD_TEXT_PACK_GENRE`.
    pub const GENRE: Self = Self(0x87);
    /// `CDROM_CD_TEXT_PACK_TOC_INFO`.
    pub const TOC_INFO: Self = Self(0x88);
    /// `CDROM_CD_TEXT_PACK_TOC_INFO2`.
    pub const TOC_INFO2: Self = Self(0x89);
    /// `CDROM_CD_TEXT_PACK_UPC_EAN`.
    pub const UPC_EAN: Self = Self(0x8E);
    /// `CDROM_CD_TEXT_PACK_SIZE_INFO`.
    pub const SIZE_INFO: Self = Self(0x8F);
}

/// The shared `Control : 4; Adr : 4` byte of `TRACK_DATA` and
/// `CDROM_TOC_FULL_TOC_DATA_BLOCK` (Control in bits 0-3, Adr in bits 4-7).
const fn split_control_adr(byte: u8) -> (u8, Adr) {
    (byte & 0x0F, Adr(byte >> 4))
}

/// `TRACK_DATA` (8 bytes): one track descriptor of a TOC or session answer.
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
#[repr(C)]
pub struct TrackData {
    /// `Reserved`.
    pub reserved: u8,
    /// `Control : 4` (bits 0-3) and `Adr : 4` (bits 4-7).
    pub control_adr: u8,
    /// `TrackNumber` (0xAA for the lead-out).
    pub track_number: u8,
    /// `Reserved1`.
    pub reserved1: u8,
    /// `Address[4]`: `00 MM SS FF` when MSF was asked for, else the
    /// big-endian LBA.
    pub address: [u8; 4],
}
const _: () = assert!(size_of::<TrackData>() == 8);

impl TrackData {
    /// `Control` (see [`control`]).
    pub const fn control(&self) -> u8 {
        split_control_adr(self.control_adr).0
    }

    /// `Adr`.
    pub const fn adr(&self) -> Adr {
        split_control_adr(self.control_adr).1
    }

    /// `Address` read as a big-endian LBA (for answers without MSF).
    pub const fn lba(&self) -> u32 {
        u32::from_be_bytes(self.address)
    }

    /// `Address` read as `00 MM SS FF`.
    pub const fn msf(&self) -> crate::scsi::msf::Msf {
        let [_, m, s, f] = self.address;
        crate::scsi::msf::Msf { m, s, f }
    }
}

/// `CDROM_TOC` (804 bytes): the answer of IOCTL_CDROM_READ_TOC and of
/// READ_TOC_EX format 0.
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout, Unaligned,
)]
#[repr(C)]
pub struct CdromToc {
    /// `Length[2]`: big-endian byte count that follows this field.
    pub length: [u8; 2],
    /// `FirstTrack`.
    pub first_track: u8,
    /// `LastTrack`.
    pub last_track: u8,
    /// `TrackData[MAXIMUM_NUMBER_TRACKS]`.
    pub track_data: [TrackData; MAXIMUM_NUMBER_TRACKS],
}
const _: () = assert!(size_of::<CdromToc>() == MAXIMUM_CDROM_SIZE);

/// `CDROM_READ_TOC_EX` (4 bytes): the input of IOCTL_CDROM_READ_TOC_EX.
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
#[repr(C)]
pub struct CdromReadTocEx {
    /// `Format : 4` (bits 0-3), `Reserved1 : 3` (bits 4-6), `Msf : 1` (bit 7).
    pub format_msf: u8,
    /// `SessionTrack`: starting track, session or pack, per format.
    pub session_track: u8,
    /// `Reserved2`.
    pub reserved2: u8,
    /// `Reserved3`.
    pub reserved3: u8,
}
const _: () = assert!(size_of::<CdromReadTocEx>() == 4);

impl CdromReadTocEx {
    /// `Format`.
    pub const fn format(&self) -> TocFormat {
        TocFormat(self.format_msf & 0x0F)
    }

    /// `Reserved1` (3 bits).
    pub const fn reserved1(&self) -> u8 {
        (self.format_msf >> 4) & 0x07
    }

    /// `Msf`: addresses as MSF instead of LBA.
    pub const fn msf(&self) -> bool {
        self.format_msf & 0x80 != 0
    }

    /// An input with these fields and the reserved ones zero.
    pub const fn new(format: TocFormat, msf: bool, session_track: u8) -> Self {
        Self {
            format_msf: (format.0 & 0x0F) | if msf { 0x80 } else { 0 },
            session_track,
            reserved2: 0,
            reserved3: 0,
        }
    }
}

/// `CDROM_TOC_SESSION_DATA` (12 bytes): the answer of
/// IOCTL_CDROM_GET_LAST_SESSION and of READ_TOC_EX format 1.
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
#[repr(C)]
pub struct CdromTocSessionData {
    /// `Length[2]`, big-endian.
    pub length: [u8; 2],
    /// `FirstCompleteSession`.
    pub first_complete_session: u8,
    /// `LastCompleteSession`.
    pub last_complete_session: u8,
    /// `TrackData[1]`: the first track of the last complete session.
    pub track_data: [TrackData; 1],
}
const _: () = assert!(size_of::<CdromTocSessionData>() == 12);

/// `CDROM_TOC_FULL_TOC_DATA` header (4 bytes; `Descriptors[0]` follow as
/// [`CdromTocFullTocDataBlock`]s): READ_TOC_EX format 2.
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
#[repr(C)]
pub struct CdromTocFullTocData {
    /// `Length[2]`, big-endian.
    pub length: [u8; 2],
    /// `FirstCompleteSession`.
    pub first_complete_session: u8,
    /// `LastCompleteSession`.
    pub last_complete_session: u8,
}
const _: () = assert!(size_of::<CdromTocFullTocData>() == 4);

/// `CDROM_TOC_FULL_TOC_DATA_BLOCK` (11 bytes): one raw TOC entry (full TOC
/// and PMA).
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
#[repr(C)]
pub struct CdromTocFullTocDataBlock {
    /// `SessionNumber`.
    pub session_number: u8,
    /// `Control : 4` (bits 0-3) and `Adr : 4` (bits 4-7).
    pub control_adr: u8,
    /// `Reserved1` (TNO, always 0 in the lead-in).
    pub reserved1: u8,
    /// `Point`: a track number, or 0xA0/0xA1/0xA2/0xB0/0xC0...
    pub point: u8,
    /// `MsfExtra[3]`: MIN, SEC, FRAME (the running time).
    pub msf_extra: [u8; 3],
    /// `Zero`.
    pub zero: u8,
    /// `Msf[3]`: PMIN, PSEC, PFRAME.
    pub msf: [u8; 3],
}
const _: () = assert!(size_of::<CdromTocFullTocDataBlock>() == 11);

impl CdromTocFullTocDataBlock {
    /// `Control`.
    pub const fn control(&self) -> u8 {
        split_control_adr(self.control_adr).0
    }

    /// `Adr`.
    pub const fn adr(&self) -> Adr {
        split_control_adr(self.control_adr).1
    }
}

/// `CDROM_TOC_PMA_DATA` header (4 bytes; [`CdromTocFullTocDataBlock`]s
/// follow): READ_TOC_EX format 3.
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
#[repr(C)]
pub struct CdromTocPmaData {
    /// `Length[2]`, big-endian.
    pub length: [u8; 2],
    /// `Reserved1`.
    pub reserved1: u8,
    /// `Reserved2`.
    pub reserved2: u8,
}
const _: () = assert!(size_of::<CdromTocPmaData>() == 4);

/// `CDROM_TOC_ATIP_DATA` header (4 bytes; [`CdromTocAtipDataBlock`]s
/// follow): READ_TOC_EX format 4.
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
#[repr(C)]
pub struct CdromTocAtipData {
    /// `Length[2]`, big-endian.
    pub length: [u8; 2],
    /// `Reserved1`.
    pub reserved1: u8,
    /// `Reserved2`.
    pub reserved2: u8,
}
const _: () = assert!(size_of::<CdromTocAtipData>() == 4);

/// `CDROM_TOC_ATIP_DATA_BLOCK` (24 bytes).
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
#[repr(C)]
pub struct CdromTocAtipDataBlock {
    /// Byte 0: `CdrwReferenceSpeed : 3` (bits 0-2), `Reserved3 : 1`,
    /// `WritePower : 3` (bits 4-6), `True1 : 1` (bit 7).
    pub byte0: u8,
    /// Byte 1: `Reserved4 : 6` (bits 0-5), `UnrestrictedUse : 1` (bit 6),
    /// `Reserved5 : 1` (bit 7).
    pub byte1: u8,
    /// Byte 2: `A3Valid` (bit 0), `A2Valid` (bit 1), `A1Valid` (bit 2),
    /// `Reserved6 : 3` (bits 3-5; the SDK's `DiscSubType`), `IsCdrw` (bit 6),
    /// `True2` (bit 7).
    pub byte2: u8,
    /// `Reserved7`.
    pub reserved7: u8,
    /// `LeadInMsf[3]`: start of the lead-in.
    pub lead_in_msf: [u8; 3],
    /// `Reserved8`.
    pub reserved8: u8,
    /// `LeadOutMsf[3]`: last possible start of the lead-out.
    pub lead_out_msf: [u8; 3],
    /// `Reserved9`.
    pub reserved9: u8,
    /// `A1Values[3]`.
    pub a1_values: [u8; 3],
    /// `Reserved10`.
    pub reserved10: u8,
    /// `A2Values[3]`.
    pub a2_values: [u8; 3],
    /// `Reserved11`.
    pub reserved11: u8,
    /// `A3Values[3]`.
    pub a3_values: [u8; 3],
    /// `Reserved12`.
    pub reserved12: u8,
}
const _: () = assert!(size_of::<CdromTocAtipDataBlock>() == 24);

impl CdromTocAtipDataBlock {
    /// `IsCdrw`: the medium is CD-RW.
    pub const fn is_cdrw(&self) -> bool {
        self.byte2 & 0x40 != 0
    }

    /// `WritePower` (3 bits).
    pub const fn write_power(&self) -> u8 {
        (self.byte0 >> 4) & 0x07
    }
}

/// `CDROM_TOC_CD_TEXT_DATA` header (4 bytes; [`CdromTocCdTextDataBlock`]s
/// follow): READ_TOC_EX format 5.
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
#[repr(C)]
pub struct CdromTocCdTextData {
    /// `Length[2]`, big-endian.
    pub length: [u8; 2],
    /// `Reserved1`.
    pub reserved1: u8,
    /// `Reserved2`.
    pub reserved2: u8,
}
const _: () = assert!(size_of::<CdromTocCdTextData>() == 4);

/// `CDROM_TOC_CD_TEXT_DATA_BLOCK` (18 bytes): one CD-TEXT pack.
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
#[repr(C)]
pub struct CdromTocCdTextDataBlock {
    /// `PackType` (see [`CdTextPackType`]).
    pub pack_type: u8,
    /// `TrackNumber : 7` (bits 0-6), `ExtensionFlag : 1` (bit 7).
    pub track_number_extension: u8,
    /// `SequenceNumber`.
    pub sequence_number: u8,
    /// `CharacterPosition : 4` (bits 0-3), `BlockNumber : 3` (bits 4-6),
    /// `Unicode : 1` (bit 7).
    pub position_block_unicode: u8,
    /// `Text[12]` (or `WText[6]` when `Unicode` is set).
    pub text: [u8; 12],
    /// `CRC[2]`.
    pub crc: [u8; 2],
}
const _: () = assert!(size_of::<CdromTocCdTextDataBlock>() == 18);

impl CdromTocCdTextDataBlock {
    /// `PackType`.
    pub const fn pack(&self) -> CdTextPackType {
        CdTextPackType(self.pack_type)
    }

    /// `TrackNumber` (7 bits).
    pub const fn track_number(&self) -> u8 {
        self.track_number_extension & 0x7F
    }

    /// `BlockNumber` (3 bits).
    pub const fn block_number(&self) -> u8 {
        (self.position_block_unicode >> 4) & 0x07
    }

    /// `Unicode`: `WText` instead of `Text`.
    pub const fn unicode(&self) -> bool {
        self.position_block_unicode & 0x80 != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    /// Offsets from spec/ioctls.md §2.1–2.2 and §5.1 (mingw-w64, x86_64).
    #[test]
    fn offsets_match_the_headers() {
        assert_eq!(offset_of!(TrackData, track_number), 2);
        assert_eq!(offset_of!(TrackData, address), 4);
        assert_eq!(offset_of!(CdromToc, first_track), 2);
        assert_eq!(offset_of!(CdromToc, last_track), 3);
        assert_eq!(offset_of!(CdromToc, track_data), 4);
        assert_eq!(offset_of!(CdromTocSessionData, track_data), 4);
        assert_eq!(offset_of!(CdromTocFullTocDataBlock, point), 3);
        assert_eq!(offset_of!(CdromTocFullTocDataBlock, msf_extra), 4);
        assert_eq!(offset_of!(CdromTocFullTocDataBlock, zero), 7);
        assert_eq!(offset_of!(CdromTocFullTocDataBlock, msf), 8);
        assert_eq!(offset_of!(CdromTocAtipDataBlock, lead_in_msf), 4);
        assert_eq!(offset_of!(CdromTocAtipDataBlock, lead_out_msf), 8);
        assert_eq!(offset_of!(CdromTocAtipDataBlock, a1_values), 12);
        assert_eq!(offset_of!(CdromTocAtipDataBlock, a2_values), 16);
        assert_eq!(offset_of!(CdromTocAtipDataBlock, a3_values), 20);
        assert_eq!(offset_of!(CdromTocCdTextDataBlock, text), 4);
        assert_eq!(offset_of!(CdromTocCdTextDataBlock, crc), 16);
    }

    #[test]
    fn track_data_bit_fields() {
        let t = TrackData::read_from_bytes(&[0, 0x14, 1, 0, 0, 0, 2, 0]).unwrap();
        assert_eq!((t.control(), t.adr(), t.track_number), (4, Adr(1), 1));
        assert_eq!(t.msf(), crate::scsi::msf::Msf { m: 0, s: 2, f: 0 });
        assert_eq!(t.lba(), 0x200);
    }

    #[test]
    fn read_toc_ex_bit_fields() {
        let i = CdromReadTocEx::read_from_bytes(&[0xF2, 7, 0, 0]).unwrap();
        assert_eq!(
            (i.format(), i.reserved1(), i.msf()),
            (TocFormat::FULL_TOC, 7, true)
        );
        assert_eq!(
            CdromReadTocEx::new(TocFormat::CDTEXT, true, 3).as_bytes(),
            &[0x85, 3, 0, 0]
        );
    }

    #[test]
    fn session_track_rules() {
        let free: [bool; 6] = core::array::from_fn(|f| TocFormat(f as u8).uses_session_track());
        assert_eq!(free, [true, false, true, false, false, true]);
        assert!(!TocFormat(6).is_defined());
    }

    #[test]
    fn cd_text_bit_fields() {
        let mut b = [0u8; 18];
        b[..4].copy_from_slice(&[0x80, 0x81, 5, 0xA3]);
        let p = CdromTocCdTextDataBlock::read_from_bytes(&b).unwrap();
        assert_eq!(p.pack(), CdTextPackType::ALBUM_NAME);
        assert_eq!(
            (p.track_number(), p.block_number(), p.unicode()),
            (1, 2, true)
        );
    }
}
