//! Windows structures of IOCTL_CDROM_GET_CONFIGURATION (`ntddmmc.h`).
//!
//! The output (`GET_CONFIGURATION_HEADER` + feature descriptors) is the
//! device's GET CONFIGURATION answer unchanged, so its multi-byte fields stay
//! big-endian byte arrays. The input is a native Windows structure
//! (little-endian, pointer-sized reserved fields).
//!
//! # Caller width
//!
//! `GET_CONFIGURATION_IOCTL_INPUT` holds two pointers, so it is 24 bytes for
//! a 64-bit caller and 16 bytes (`GET_CONFIGURATION_IOCTL_INPUT32`) for a
//! 32-bit (WOW64) one. The glue passes the input bytes as they came with
//! the caller's width (`IoctlRequest::caller`, from
//! `WdfRequestIsFrom32BitProcess`), and [`parse_input`] reads the layout of
//! that width, as the class driver does.

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `FEATURE_NUMBER`: an MMC feature code. The C enum is 4 bytes; MMC feature
/// codes are 16 bits, and the IOCTL refuses larger values. Open: any value
/// fits.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
pub struct FeatureNumber(pub u32);

impl FeatureNumber {
    /// `FeatureProfileList`.
    pub const PROFILE_LIST: Self = Self(0x0000);
    /// `FeatureCore`.
    pub const CORE: Self = Self(0x0001);
    /// `FeatureMorphing`.
    pub const MORPHING: Self = Self(0x0002);
    /// `FeatureRemovableMedium`.
    pub const REMOVABLE_MEDIUM: Self = Self(0x0003);
    /// `FeatureWriteProtect`.
    pub const WRITE_PROTECT: Self = Self(0x0004);
    /// `FeatureRandomReadable`.
    pub const RANDOM_READABLE: Self = Self(0x0010);
    /// `FeatureMultiRead`.
    pub const MULTI_READ: Self = Self(0x001D);
    /// `FeatureCdRead`.
    pub const CD_READ: Self = Self(0x001E);
    /// `FeatureDvdRead`.
    pub const DVD_READ: Self = Self(0x001F);
    /// `FeatureRandomWritable`.
    pub const RANDOM_WRITABLE: Self = Self(0x0020);
    /// `FeatureIncrementalStreamingWritable`.
    pub const INCREMENTAL_STREAMING_WRITABLE: Self = Self(0x0021);
    /// `FeatureSectorErasable`.
    pub const SECTOR_ERASABLE: Self = Self(0x0022);
    /// `FeatureFormattable`.
    pub const FORMATTABLE: Self = Self(0x0023);
    /// `FeatureDefectManagement`.
    pub const DEFECT_MANAGEMENT: Self = Self(0x0024);
    /// `FeatureWriteOnce`.
    pub const WRITE_ONCE: Self = Self(0x0025);
    /// `FeatureRestrictedOverwrite`.
    pub const RESTRICTED_OVERWRITE: Self = Self(0x0026);
    /// `FeatureCdrwCAVWrite`.
    pub const CDRW_CAV_WRITE: Self = Self(0x0027);
    /// `FeatureMrw`.
    pub const MRW: Self = Self(0x0028);
    /// `FeatureEnhancedDefectReporting`.
    pub const ENHANCED_DEFECT_REPORTING: Self = Self(0x0029);
    /// `FeatureDvdPlusRW`.
    pub const DVD_PLUS_RW: Self = Self(0x002A);
    /// `FeatureDvdPlusR`.
    pub const DVD_PLUS_R: Self = Self(0x002B);
    /// `FeatureRigidRestrictedOverwrite`.
    pub const RIGID_RESTRICTED_OVERWRITE: Self = Self(0x002C);
    /// `FeatureCdTrackAtOnce`.
    pub const CD_TRACK_AT_ONCE: Self = Self(0x002D);
    /// `FeatureCdMastering`.
    pub const CD_MASTERING: Self = Self(0x002E);
    /// `FeatureDvdRecordableWrite`.
    pub const DVD_RECORDABLE_WRITE: Self = Self(0x002F);
    /// `FeatureDDCDRead`.
    pub const DDCD_READ: Self = Self(0x0030);
    /// `FeatureDDCDRWrite`.
    pub const DDCD_R_WRITE: Self = Self(0x0031);
    /// `FeatureDDCDRWWrite`.
    pub const DDCD_RW_WRITE: Self = Self(0x0032);
    /// `FeatureLayerJumpRecording`.
    pub const LAYER_JUMP_RECORDING: Self = Self(0x0033);
    /// `FeatureCDRWMediaWriteSupport`.
    pub const CDRW_MEDIA_WRITE_SUPPORT: Self = Self(0x0037);
    /// `FeatureBDRPseudoOverwrite`.
    pub const BDR_PSEUDO_OVERWRITE: Self = Self(0x0038);
    /// `FeatureDvdPlusRWDualLayer`.
    pub const DVD_PLUS_RW_DUAL_LAYER: Self = Self(0x003A);
    /// `FeatureDvdPlusRDualLayer`.
    pub const DVD_PLUS_R_DUAL_LAYER: Self = Self(0x003B);
    /// `FeatureBDRead`.
    pub const BD_READ: Self = Self(0x0040);
    /// `FeatureBDWrite`.
    pub const BD_WRITE: Self = Self(0x0041);
    /// `FeatureTSR`.
    pub const TSR: Self = Self(0x0042);
    /// `FeatureHDDVDRead`.
    pub const HD_DVD_READ: Self = Self(0x0050);
    /// `FeatureHDDVDWrite`.
    pub const HD_DVD_WRITE: Self = Self(0x0051);
    /// `FeatureHybridDisc`.
    pub const HYBRID_DISC: Self = Self(0x0080);
    /// `FeaturePowerManagement`.
    pub const POWER_MANAGEMENT: Self = Self(0x0100);
    /// `FeatureSMART`.
    pub const SMART: Self = Self(0x0101);
    /// `FeatureEmbeddedChanger`.
    pub const EMBEDDED_CHANGER: Self = Self(0x0102);
    /// `FeatureCDAudioAnalogPlay`.
    pub const CD_AUDIO_ANALOG_PLAY: Self = Self(0x0103);
    /// `FeatureMicrocodeUpgrade`.
    pub const MICROCODE_UPGRADE: Self = Self(0x0104);
    /// `FeatureTimeout`.
    pub const TIMEOUT: Self = Self(0x0105);
    /// `FeatureDvdCSS`.
    pub const DVD_CSS: Self = Self(0x0106);
    /// `FeatureRealTimeStreaming`.
    pub const REAL_TIME_STREAMING: Self = Self(0x0107);
    /// `FeatureLogicalUnitSerialNumber`.
    pub const LOGICAL_UNIT_SERIAL_NUMBER: Self = Self(0x0108);
    /// `FeatureMediaSerialNumber`.
    pub const MEDIA_SERIAL_NUMBER: Self = Self(0x0109);
    /// `FeatureDiscControlBlocks`.
    pub const DISC_CONTROL_BLOCKS: Self = Self(0x010A);
    /// `FeatureDvdCPRM`.
    pub const DVD_CPRM: Self = Self(0x010B);
    /// `FeatureFirmwareDate`.
    pub const FIRMWARE_DATE: Self = Self(0x010C);
    /// `FeatureAACS`.
    pub const AACS: Self = Self(0x010D);
    /// `FeatureVCPS`.
    pub const VCPS: Self = Self(0x0110);

    /// The 16-bit feature code, `None` above 0xFFFF.
    pub fn code(self) -> Option<u16> {
        u16::try_from(self.0).ok()
    }
}

/// `GET_CONFIGURATION_IOCTL_INPUT.RequestType`
/// (`SCSI_GET_CONFIGURATION_REQUEST_TYPE_*`), also the RT field of the CDB.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default)]
pub struct RequestType(pub u32);

impl RequestType {
    /// `SCSI_GET_CONFIGURATION_REQUEST_TYPE_ALL`: every feature from the
    /// starting one.
    pub const ALL: Self = Self(0);
    /// `SCSI_GET_CONFIGURATION_REQUEST_TYPE_CURRENT`: current features only.
    pub const CURRENT: Self = Self(1);
    /// `SCSI_GET_CONFIGURATION_REQUEST_TYPE_ONE`: the starting feature only.
    pub const ONE: Self = Self(2);

    /// One of the three defined types.
    pub const fn is_defined(self) -> bool {
        self.0 <= Self::ONE.0
    }
}

/// `GET_CONFIGURATION_IOCTL_INPUT` as a 64-bit caller sends it (24 bytes).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct GetConfigurationIoctlInput {
    /// `Feature` (`FEATURE_NUMBER`): the starting feature.
    pub feature: u32,
    /// `RequestType`.
    pub request_type: u32,
    /// `Reserved[2]` (`PVOID`): must be NULL.
    pub reserved: [u64; 2],
}
const _: () = assert!(size_of::<GetConfigurationIoctlInput>() == 24);

/// `GET_CONFIGURATION_IOCTL_INPUT32` as a 32-bit (WOW64) caller sends it
/// (16 bytes with MSVC; mingw-w64's header gets this one wrong, see
/// spec/ioctls.md §5.2).
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, Default, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
#[repr(C)]
pub struct GetConfigurationIoctlInput32 {
    /// `Feature`.
    pub feature: u32,
    /// `RequestType`.
    pub request_type: u32,
    /// `Reserved[2]` (`VOID * POINTER_32`): must be NULL.
    pub reserved: [u32; 2],
}
const _: () = assert!(size_of::<GetConfigurationIoctlInput32>() == 16);

pub use crate::dispatch::CallerWidth;

/// The input fields the handler checks, whatever the caller's width.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ConfigurationInput {
    /// `Feature`.
    pub feature: FeatureNumber,
    /// `RequestType`.
    pub request_type: RequestType,
    /// Both `Reserved` pointers are NULL.
    pub reserved_null: bool,
}

/// Reads the input with the layout of `width`; `None` when it is shorter
/// than that layout (STATUS_INFO_LENGTH_MISMATCH).
pub fn parse_input(input: &[u8], width: CallerWidth) -> Option<ConfigurationInput> {
    match width {
        CallerWidth::Bits64 => {
            let (i, _) = GetConfigurationIoctlInput::read_from_prefix(input).ok()?;
            Some(ConfigurationInput {
                feature: FeatureNumber(i.feature),
                request_type: RequestType(i.request_type),
                reserved_null: i.reserved == [0, 0],
            })
        }
        CallerWidth::Bits32 => {
            let (i, _) = GetConfigurationIoctlInput32::read_from_prefix(input).ok()?;
            Some(ConfigurationInput {
                feature: FeatureNumber(i.feature),
                request_type: RequestType(i.request_type),
                reserved_null: i.reserved == [0, 0],
            })
        }
    }
}

/// `GET_CONFIGURATION_HEADER` (8 bytes): the start of the answer.
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
pub struct GetConfigurationHeader {
    /// `DataLength[4]`: big-endian count of the bytes after this field.
    pub data_length: [u8; 4],
    /// `Reserved[2]`.
    pub reserved: [u8; 2],
    /// `CurrentProfile[2]`, big-endian.
    pub current_profile: [u8; 2],
}
const _: () = assert!(size_of::<GetConfigurationHeader>() == 8);

/// `FEATURE_HEADER` (4 bytes): the start of every feature descriptor.
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
pub struct FeatureHeader {
    /// `FeatureCode[2]`, big-endian.
    pub feature_code: [u8; 2],
    /// `Current : 1` (bit 0), `Persistent : 1` (bit 1), `Version : 4`
    /// (bits 2-5), `Reserved0 : 2` (bits 6-7).
    pub flags: u8,
    /// `AdditionalLength`: bytes of feature data after this header.
    pub additional_length: u8,
}
const _: () = assert!(size_of::<FeatureHeader>() == 4);

impl FeatureHeader {
    /// `FeatureCode`.
    pub const fn code(&self) -> u16 {
        u16::from_be_bytes(self.feature_code)
    }

    /// `Current`.
    pub const fn current(&self) -> bool {
        self.flags & 0x01 != 0
    }

    /// `Persistent`.
    pub const fn persistent(&self) -> bool {
        self.flags & 0x02 != 0
    }

    /// `Version` (4 bits).
    pub const fn version(&self) -> u8 {
        (self.flags >> 2) & 0x0F
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    #[test]
    fn offsets_match_the_headers() {
        assert_eq!(offset_of!(GetConfigurationIoctlInput, request_type), 4);
        assert_eq!(offset_of!(GetConfigurationIoctlInput, reserved), 8);
        assert_eq!(offset_of!(GetConfigurationIoctlInput32, reserved), 8);
        assert_eq!(offset_of!(GetConfigurationHeader, current_profile), 6);
        assert_eq!(offset_of!(FeatureHeader, additional_length), 3);
    }

    #[test]
    fn feature_header_bit_fields() {
        let h = FeatureHeader::read_from_bytes(&[0x01, 0x07, 0x0B, 4]).unwrap();
        assert_eq!(h.code(), 0x0107);
        assert_eq!((h.current(), h.persistent(), h.version()), (true, true, 2));
    }

    #[test]
    fn input_of_a_64_bit_caller() {
        let mut b = [0u8; 24];
        b[..8].copy_from_slice(&[0x07, 0x01, 0, 0, 2, 0, 0, 0]);
        let i = parse_input(&b, CallerWidth::Bits64).unwrap();
        assert_eq!(i.feature, FeatureNumber::REAL_TIME_STREAMING);
        assert_eq!(i.request_type, RequestType::ONE);
        assert!(i.reserved_null);
        assert_eq!(parse_input(&b[..23], CallerWidth::Bits64), None);
    }

    #[test]
    fn input_of_a_32_bit_caller() {
        let b = [0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        let i = parse_input(&b, CallerWidth::Bits32).unwrap();
        assert_eq!(i.feature, FeatureNumber::REMOVABLE_MEDIUM);
        assert_eq!(i.request_type, RequestType::CURRENT);
        assert!(!i.reserved_null);
        assert_eq!(parse_input(&b, CallerWidth::Bits64), None);
    }

    #[test]
    fn feature_codes_above_16_bits_have_no_code() {
        assert_eq!(FeatureNumber(0x1_0000).code(), None);
        assert_eq!(FeatureNumber::AACS.code(), Some(0x010D));
    }
}
