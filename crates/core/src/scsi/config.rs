//! Device-description commands: GET CONFIGURATION (0x46, MMC-6 §6.6),
//! INQUIRY (0x12, SPC-4 §6.6) and READ CAPACITY(10) (0x25, MMC-6 §6.23):
//! CDBs and checked views of the answers. The one GET CONFIGURATION feature
//! walker (the capability probe's and the IOCTL's) and the one READ
//! CAPACITY(10) layout (the geometry IOCTLs' and the raw read's) are here.

use zerocopy::byteorder::big_endian::U32;
use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

use crate::abi::config::{FeatureHeader, GetConfigurationHeader, RequestType};
use crate::port::Cdb;
use crate::scsi::opcode;

/// GET CONFIGURATION as the 10-byte command it is: byte 1 bits 0-1 = RT,
/// bytes 2-3 = starting feature, bytes 7-8 = allocation length (both
/// big-endian).
pub const fn get_configuration(
    request_type: RequestType,
    starting_feature: u16,
    allocation: u16,
) -> Cdb {
    let [f_hi, f_lo] = starting_feature.to_be_bytes();
    let [a_hi, a_lo] = allocation.to_be_bytes();
    Cdb::ten([
        opcode::GET_CONFIGURATION,
        (request_type.0 & 0x03) as u8,
        f_hi,
        f_lo,
        0,
        0,
        0,
        a_hi,
        a_lo,
        0,
    ])
}

/// Feature codes the driver reads (MMC-6 §5.3).
pub mod feature {
    /// Profile List.
    pub const PROFILE_LIST: u16 = 0x0000;
    /// CD Read (C2 flags, CD-Text, DAP).
    pub const CD_READ: u16 = 0x001E;
    /// Real-Time Streaming.
    pub const REAL_TIME_STREAMING: u16 = 0x0107;
}

/// The answer is shorter than its header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Truncated;

/// A checked view of a GET CONFIGURATION answer: the 8-byte header, then
/// feature descriptors. `buf` is what the drive returned (the bytes
/// received, not the whole allocation). No accessor reads past those bytes
/// or past what the header's `DataLength` covers, and none can panic once
/// [`ConfigurationView::new_checked`] succeeded.
#[derive(Clone, Copy, Debug)]
pub struct ConfigurationView<B> {
    buf: B,
}

impl<B: AsRef<[u8]>> ConfigurationView<B> {
    /// Checks that `buf` holds at least the header.
    pub fn new_checked(buf: B) -> Result<Self, Truncated> {
        if buf.as_ref().len() < size_of::<GetConfigurationHeader>() {
            return Err(Truncated);
        }
        Ok(Self { buf })
    }

    fn header(&self) -> GetConfigurationHeader {
        GetConfigurationHeader::read_from_prefix(self.buf.as_ref())
            .map_or_else(|_| GetConfigurationHeader::default(), |(h, _)| h)
    }

    /// Bytes the answer claims: `DataLength` + the 4 bytes of the field.
    fn claimed(&self) -> u64 {
        u64::from(self.data_length()).saturating_add(4)
    }

    /// The bytes both received and covered by `DataLength`.
    fn valid(&self) -> &[u8] {
        let buf = self.buf.as_ref();
        let end = usize::try_from(self.claimed()).map_or(buf.len(), |c| c.min(buf.len()));
        buf.get(..end).unwrap_or(&[])
    }

    /// `DataLength`: bytes after the length field, as the device claims.
    pub fn data_length(&self) -> u32 {
        u32::from_be_bytes(self.header().data_length)
    }

    /// `CurrentProfile`; 0 when `DataLength` does not reach it.
    pub fn current_profile(&self) -> u16 {
        match self.valid() {
            [_, _, _, _, _, _, a, b, ..] => u16::from_be_bytes([*a, *b]),
            _ => 0,
        }
    }

    /// False when the drive had more to say than the allocation length
    /// allowed (features past the end are missing from the walk).
    pub fn complete(&self) -> bool {
        self.claimed() <= self.buf.as_ref().len() as u64
    }

    /// The feature descriptors, in the order the drive sent them: within
    /// both the buffer and the length field; a descriptor the answer cuts
    /// off is left out.
    pub fn features(&self) -> Features<'_> {
        Features {
            rest: self
                .valid()
                .get(size_of::<GetConfigurationHeader>()..)
                .unwrap_or(&[]),
        }
    }

    /// The descriptor of feature `code`, if the drive sent it.
    pub fn find(&self, code: u16) -> Option<Feature<'_>> {
        self.features().find(|f| f.code() == code)
    }
}

impl<'a> ConfigurationView<&'a [u8]> {
    /// The view over the first `received` bytes of `buf` (all of `buf` if
    /// the count claims more); `None` when they do not hold the header.
    pub fn new(buf: &'a [u8], received: usize) -> Option<Self> {
        Self::new_checked(buf.get(..received).unwrap_or(buf)).ok()
    }
}

/// One feature descriptor.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Feature<'a> {
    /// The 4-byte `FEATURE_HEADER`.
    pub header: FeatureHeader,
    /// The `AdditionalLength` bytes after it.
    pub data: &'a [u8],
}

impl Feature<'_> {
    /// `FeatureCode`.
    pub const fn code(&self) -> u16 {
        self.header.code()
    }

    /// `Current`.
    pub const fn current(&self) -> bool {
        self.header.current()
    }

    /// Descriptor byte `4 + i` (feature data byte `i`), 0 when absent.
    pub fn byte(&self, i: usize) -> u8 {
        self.data.get(i).copied().unwrap_or(0)
    }
}

/// Iterator over the feature descriptors of an answer.
#[derive(Clone, Debug)]
pub struct Features<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Features<'a> {
    type Item = Feature<'a>;

    fn next(&mut self) -> Option<Feature<'a>> {
        let (header, tail) = FeatureHeader::read_from_prefix(self.rest).ok()?;
        let Some((data, rest)) = tail.split_at_checked(usize::from(header.additional_length))
        else {
            self.rest = &[];
            return None;
        };
        self.rest = rest;
        Some(Feature { header, data })
    }
}

/// CD Read (0x001E) byte 4 bit 1: the drive returns C2 error pointers.
pub fn cd_read_c2(f: &Feature<'_>) -> bool {
    f.byte(0) & 0x02 != 0
}

/// Real-Time Streaming (0x0107) byte 4 bit 0: Stream Writing (SW).
pub fn rt_streaming_write(f: &Feature<'_>) -> bool {
    f.byte(0) & 0x01 != 0
}

/// `MINIMUM_CDROM_INQUIRY_SIZE`: the first INQUIRY's allocation (through
/// `ProductRevisionLevel`).
pub const MINIMUM_CDROM_INQUIRY_SIZE: u16 = 36;
/// `MAXIMUM_CDROM_INQUIRY_SIZE`: 255 + the 5 bytes through
/// `AdditionalLength`.
pub const MAXIMUM_CDROM_INQUIRY_SIZE: u16 = 260;
/// Bytes of INQUIRY data through the `AdditionalLength` field.
pub const INQUIRY_HEADER_LEN: u16 = 5;

/// INQUIRY (standard data): bytes 3-4 = allocation length, big-endian.
pub fn inquiry(allocation: u16) -> Cdb {
    let [hi, lo] = allocation.to_be_bytes();
    Cdb::six([opcode::INQUIRY, 0, 0, hi, lo, 0])
}

/// `INQUIRYDATA` (96 bytes, `ddk/scsi.h`): standard INQUIRY data. Only the
/// fields the driver reads are split out; the flag bytes stay bytes.
#[derive(
    Clone, Copy, PartialEq, Eq, Debug, FromBytes, IntoBytes, Immutable, KnownLayout, Unaligned,
)]
#[repr(C)]
pub struct InquiryData {
    /// `DeviceType : 5`, `DeviceTypeQualifier : 3`.
    pub device_type: u8,
    /// `DeviceTypeModifier : 7`, `RemovableMedia : 1`.
    pub removable_media: u8,
    /// `Versions`.
    pub versions: u8,
    /// `ResponseDataFormat : 4` and flags.
    pub response_data_format: u8,
    /// `AdditionalLength`: bytes after this field.
    pub additional_length: u8,
    /// `Reserved` and the flag bytes 5-7.
    pub flags: [u8; 3],
    /// `VendorId[8]`.
    pub vendor_id: [u8; 8],
    /// `ProductId[16]`.
    pub product_id: [u8; 16],
    /// `ProductRevisionLevel[4]`.
    pub product_revision_level: [u8; 4],
    /// `VendorSpecific[20]`.
    pub vendor_specific: [u8; 20],
    /// `Reserved3[40]`.
    pub reserved3: [u8; 40],
}
const _: () = assert!(size_of::<InquiryData>() == 96);

/// READ CAPACITY(10): all fields zero; 8 bytes of data-in
/// ([`ReadCapacityData`]).
pub const fn read_capacity() -> Cdb {
    Cdb::ten([opcode::READ_CAPACITY, 0, 0, 0, 0, 0, 0, 0, 0, 0])
}

/// `READ_CAPACITY_DATA` (8 bytes) as the device sends it (big-endian).
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
pub struct ReadCapacityData {
    /// `LogicalBlockAddress`: the last LBA.
    pub logical_block_address: U32,
    /// `BytesPerBlock`.
    pub bytes_per_block: U32,
}
const _: () = assert!(size_of::<ReadCapacityData>() == 8);

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::offset_of;

    #[test]
    fn get_configuration_is_a_ten_byte_cdb() {
        let cdb = get_configuration(RequestType::ONE, 0x0107, 0xFFFE);
        assert_eq!(
            cdb.as_bytes(),
            &[0x46, 2, 0x01, 0x07, 0, 0, 0, 0xFF, 0xFE, 0]
        );
    }

    #[test]
    fn inquiry_allocation_is_two_bytes() {
        assert_eq!(inquiry(36).as_bytes(), &[0x12, 0, 0, 0, 0x24, 0]);
        assert_eq!(inquiry(260).as_bytes(), &[0x12, 0, 0, 0x01, 0x04, 0]);
    }

    #[test]
    fn read_capacity_cdb_and_data() {
        assert_eq!(
            read_capacity().as_bytes(),
            &[0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        );
        let d = ReadCapacityData::read_from_bytes(&[0, 4, 0x4E, 0x2F, 0, 0, 8, 0]).unwrap();
        assert_eq!(d.logical_block_address.get(), 0x0004_4E2F);
        assert_eq!(d.bytes_per_block.get(), 2048);
    }

    #[test]
    fn inquiry_data_offsets() {
        assert_eq!(offset_of!(InquiryData, additional_length), 4);
        assert_eq!(offset_of!(InquiryData, vendor_id), 8);
        assert_eq!(offset_of!(InquiryData, product_id), 16);
        assert_eq!(offset_of!(InquiryData, product_revision_level), 32);
        assert_eq!(offset_of!(InquiryData, vendor_specific), 36);
        assert_eq!(offset_of!(InquiryData, reserved3), 56);
    }

    /// Header with DataLength 0x18 and profile 0x0008 (CD-ROM), then the
    /// Profile List (two profiles) and Core features.
    const CONFIG: [u8; 28] = [
        0, 0, 0, 0x18, 0, 0, 0x00, 0x08, //
        0x00, 0x00, 0x03, 0x08, 0x00, 0x10, 0x00, 0x00, 0x00, 0x08, 0x01, 0x00, //
        0x00, 0x01, 0x0B, 0x04, 0x00, 0x00, 0x00, 0x02,
    ];

    #[test]
    fn configuration_header_and_features() {
        let v = ConfigurationView::new_checked(&CONFIG[..]).unwrap();
        assert_eq!((v.data_length(), v.current_profile()), (0x18, 0x0008));
        let codes: Vec<(u16, bool, usize)> = v
            .features()
            .map(|f| (f.header.code(), f.header.current(), f.data.len()))
            .collect();
        assert_eq!(codes, [(0x0000, true, 8), (0x0001, true, 4)]);
    }

    #[test]
    fn a_cut_off_feature_is_left_out() {
        let v = ConfigurationView::new_checked(&CONFIG[..26]).unwrap();
        assert_eq!(v.features().count(), 1);
    }

    #[test]
    fn shorter_than_the_header_is_truncated() {
        assert_eq!(
            ConfigurationView::new_checked(&CONFIG[..7]).err(),
            Some(Truncated)
        );
    }

    #[test]
    fn get_configuration_cdb() {
        assert_eq!(
            get_configuration(RequestType::ONE, 0x0107, 16).as_bytes(),
            [0x46, 0x02, 0x01, 0x07, 0, 0, 0, 0, 0x10, 0]
        );
    }

    /// Profile List, CD Read with C2, Real-Time Streaming with Stream
    /// Writing, then 4 bytes past the data length.
    const CONFIG_STREAMING: [u8; 36] = [
        0, 0, 0, 32, 0, 0, 0x00, 0x08, // header: 32 bytes follow, profile 0x0008
        0x00, 0x00, 0x03, 0x04, 0x00, 0x08, 0x01, 0x00, // profile list: CD-ROM current
        0x00, 0x1E, 0x09, 0x04, 0x02, 0, 0, 0, // CD Read v2, current, C2
        0x01, 0x07, 0x01, 0x04, 0x01, 0, 0, 0, // RT streaming, current, SW
        0xEE, 0xEE, 0xEE, 0xEE, // past the data length: ignored
    ];

    #[test]
    fn feature_walk_finds_cd_read_and_streaming() {
        let c = ConfigurationView::new_checked(&CONFIG_STREAMING[..]).expect("header");
        assert_eq!(c.current_profile(), 0x0008);
        assert!(c.complete());
        let codes: Vec<u16> = c.features().map(|f| f.code()).collect();
        assert_eq!(codes, [0x0000, 0x001E, 0x0107]);
        assert!(cd_read_c2(&c.find(feature::CD_READ).expect("0x1E")));
        let rt = c.find(feature::REAL_TIME_STREAMING).expect("0x107");
        assert!(rt.current() && rt_streaming_write(&rt));
    }

    #[test]
    fn feature_walk_stops_at_a_truncated_descriptor() {
        let c = ConfigurationView::new_checked(&CONFIG_STREAMING[..30]).expect("header");
        assert!(!c.complete());
        let codes: Vec<u16> = c.features().map(|f| f.code()).collect();
        assert_eq!(codes, [0x0000, 0x001E]);
    }

    #[test]
    fn feature_walk_refuses_a_short_header() {
        assert!(ConfigurationView::new_checked(&CONFIG_STREAMING[..7]).is_err());
    }

    #[test]
    fn profile_not_covered_by_the_data_length_is_0() {
        let mut short = CONFIG_STREAMING;
        short[3] = 3;
        let c = ConfigurationView::new_checked(&short[..]).expect("header");
        assert_eq!((c.current_profile(), c.features().count()), (0, 0));
    }

    proptest::proptest! {
        /// Any bytes: the features found fit inside the answer.
        #[test]
        fn features_stay_inside_the_answer(b in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            if let Ok(v) = ConfigurationView::new_checked(&b[..]) {
                let used: usize = v.features().map(|f| 4 + f.data.len()).sum();
                proptest::prop_assert!(8 + used <= b.len());
            } else {
                proptest::prop_assert!(b.len() < 8);
            }
        }
    }
}
