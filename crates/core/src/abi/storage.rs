//! Windows structures of the storage IOCTLs: removal locks, media types,
//! device number and hot-plug information, property queries and the
//! adapter descriptor, plus the SCSI address and pass-through structures
//! the driver below answers (spec/ioctls.md §5.1).

use zerocopy::{FromBytes, Immutable, IntoBytes, KnownLayout, Unaligned};

/// `PREVENT_MEDIA_REMOVAL`: input of MEDIA_REMOVAL, EJECTION_CONTROL and
/// MCN_CONTROL. Any non-zero byte means TRUE.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    FromBytes,
    IntoBytes,
    Immutable,
    KnownLayout,
    Unaligned,
)]
pub struct PreventMediaRemoval {
    /// Lock (non-zero) or unlock (0).
    pub prevent_media_removal: u8,
}
const _: () = assert!(size_of::<PreventMediaRemoval>() == 1);

/// `STORAGE_MEDIA_TYPE` / `MEDIA_TYPE` values the driver reports. Open.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct StorageMediaType(pub u32);

impl StorageMediaType {
    /// `RemovableMedia` (MEDIA_TYPE 11).
    pub const REMOVABLE_MEDIA: Self = Self(11);
    /// `CD_ROM` (STORAGE_MEDIA_TYPE 0x33).
    pub const CD_ROM: Self = Self(0x33);
}

/// `MEDIA_READ_ONLY`.
pub const MEDIA_READ_ONLY: u32 = 0x0000_0004;
/// `MEDIA_READ_WRITE`.
pub const MEDIA_READ_WRITE: u32 = 0x0000_0008;
/// `MEDIA_CURRENTLY_MOUNTED`.
pub const MEDIA_CURRENTLY_MOUNTED: u32 = 0x8000_0000;

/// `FILE_DEVICE_CD_ROM`, a `DEVICE_TYPE`.
pub const FILE_DEVICE_CD_ROM: u32 = 0x02;
/// `FILE_DEVICE_DVD`.
pub const FILE_DEVICE_DVD: u32 = 0x33;

/// `DEVICE_MEDIA_INFO` (32 bytes), in its `DiskInfo` / `RemovableDiskInfo`
/// view (the two share one layout).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct DeviceMediaInfo {
    /// `Cylinders` (LARGE_INTEGER).
    pub cylinders: i64,
    /// `MediaType` ([`StorageMediaType`]).
    pub media_type: u32,
    /// `TracksPerCylinder`.
    pub tracks_per_cylinder: u32,
    /// `SectorsPerTrack`.
    pub sectors_per_track: u32,
    /// `BytesPerSector`.
    pub bytes_per_sector: u32,
    /// `NumberMediaSides`.
    pub number_media_sides: u32,
    /// `MediaCharacteristics` (`MEDIA_*` flags).
    pub media_characteristics: u32,
}
const _: () = assert!(size_of::<DeviceMediaInfo>() == 32);

/// `GET_MEDIA_TYPES` (40 bytes) with its one declared `MediaInfo` entry;
/// further entries follow it in the buffer.
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct GetMediaTypes {
    /// `DeviceType`.
    pub device_type: u32,
    /// `MediaInfoCount`.
    pub media_info_count: u32,
    /// `MediaInfo[1]`.
    pub media_info: [DeviceMediaInfo; 1],
}
const _: () = assert!(size_of::<GetMediaTypes>() == 40);
const _: () = assert!(core::mem::offset_of!(GetMediaTypes, media_info) == 8);

/// `STORAGE_DEVICE_NUMBER` (12 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct StorageDeviceNumber {
    /// `DeviceType`.
    pub device_type: u32,
    /// `DeviceNumber` (N of `\Device\CdRomN`).
    pub device_number: u32,
    /// `PartitionNumber` (0xFFFFFFFF: not partitionable).
    pub partition_number: u32,
}
const _: () = assert!(size_of::<StorageDeviceNumber>() == 12);

/// `STORAGE_HOTPLUG_INFO` (8 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct StorageHotplugInfo {
    /// `Size` (8).
    pub size: u32,
    /// `MediaRemovable`.
    pub media_removable: u8,
    /// `MediaHotplug`.
    pub media_hotplug: u8,
    /// `DeviceHotplug`.
    pub device_hotplug: u8,
    /// `WriteCacheEnableOverride`.
    pub write_cache_enable_override: u8,
}
const _: () = assert!(size_of::<StorageHotplugInfo>() == 8);

/// `StorageDeviceProperty` (`STORAGE_PROPERTY_ID`).
pub const STORAGE_DEVICE_PROPERTY: u32 = 0;
/// `StorageAdapterProperty`.
pub const STORAGE_ADAPTER_PROPERTY: u32 = 1;
/// `PropertyStandardQuery` (`STORAGE_QUERY_TYPE`).
pub const PROPERTY_STANDARD_QUERY: u32 = 0;
/// `PropertyExistsQuery`.
pub const PROPERTY_EXISTS_QUERY: u32 = 1;

/// `STORAGE_PROPERTY_QUERY` (12 bytes: `AdditionalParameters[1]` and its
/// padding).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct StoragePropertyQuery {
    /// `PropertyId`.
    pub property_id: u32,
    /// `QueryType`.
    pub query_type: u32,
    /// `AdditionalParameters[1]` and the padding after it.
    pub additional_parameters: [u8; 4],
}
const _: () = assert!(size_of::<StoragePropertyQuery>() == 12);

/// The fields every version of `STORAGE_ADAPTER_DESCRIPTOR` starts with
/// (20 bytes; the whole descriptor is longer and grew over releases).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct StorageAdapterDescriptorHead {
    /// `Version`.
    pub version: u32,
    /// `Size`.
    pub size: u32,
    /// `MaximumTransferLength` in bytes.
    pub maximum_transfer_length: u32,
    /// `MaximumPhysicalPages`: scatter/gather entries per transfer.
    pub maximum_physical_pages: u32,
    /// `AlignmentMask` for data buffers.
    pub alignment_mask: u32,
}
const _: () = assert!(size_of::<StorageAdapterDescriptorHead>() == 20);

impl StorageAdapterDescriptorHead {
    /// The standard query of the adapter descriptor.
    pub const QUERY: StoragePropertyQuery = StoragePropertyQuery {
        property_id: STORAGE_ADAPTER_PROPERTY,
        query_type: PROPERTY_STANDARD_QUERY,
        additional_parameters: [0; 4],
    };

    /// [`Self::QUERY`] as the input buffer of IOCTL_STORAGE_QUERY_PROPERTY.
    pub fn query_bytes() -> [u8; size_of::<StoragePropertyQuery>()] {
        zerocopy::transmute!(Self::QUERY)
    }

    /// The head of a returned descriptor; `None` if fewer than 20 bytes
    /// came back.
    pub fn parse(answer: &[u8]) -> Option<Self> {
        Self::read_from_prefix(answer).ok().map(|(head, _)| head)
    }

    /// The largest transfer for a buffer of any alignment, as the class
    /// driver computes it (spec ioctls.md §4.4):
    /// `min((MaximumPhysicalPages − 1) × 4096, MaximumTransferLength)`, at
    /// least one page. A buffer that does not start on a page boundary
    /// spans one page more than its length, hence the `− 1`.
    pub fn max_unaligned_transfer(&self) -> u32 {
        let by_pages = self
            .maximum_physical_pages
            .saturating_sub(1)
            .saturating_mul(4096);
        self.maximum_transfer_length.min(by_pages).max(4096)
    }
}

/// `SCSI_ADDRESS` (8 bytes).
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct ScsiAddress {
    /// `Length` (8).
    pub length: u32,
    /// `PortNumber`.
    pub port_number: u8,
    /// `PathId`.
    pub path_id: u8,
    /// `TargetId`.
    pub target_id: u8,
    /// `Lun`.
    pub lun: u8,
}
const _: () = assert!(size_of::<ScsiAddress>() == 8);

/// `SCSI_PASS_THROUGH` on x64 (56 bytes). The compiler's padding is spelled
/// out (`reserved*`) so the structure has no uninitialised bytes.
#[repr(C)]
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, FromBytes, IntoBytes, Immutable, KnownLayout,
)]
pub struct ScsiPassThrough {
    /// `Length` (must be 56).
    pub length: u16,
    /// `ScsiStatus` (written back).
    pub scsi_status: u8,
    /// `PathId`.
    pub path_id: u8,
    /// `TargetId`.
    pub target_id: u8,
    /// `Lun`.
    pub lun: u8,
    /// `CdbLength`.
    pub cdb_length: u8,
    /// `SenseInfoLength` (written back with the bytes returned).
    pub sense_info_length: u8,
    /// `DataIn` ([`SCSI_IOCTL_DATA_OUT`], [`SCSI_IOCTL_DATA_IN`],
    /// [`SCSI_IOCTL_DATA_UNSPECIFIED`]).
    pub data_in: u8,
    /// Padding before `DataTransferLength`.
    pub reserved0: [u8; 3],
    /// `DataTransferLength` (written back with the bytes transferred).
    pub data_transfer_length: u32,
    /// `TimeOutValue`, seconds.
    pub time_out_value: u32,
    /// Padding before `DataBufferOffset`.
    pub reserved1: [u8; 4],
    /// `DataBufferOffset` (ULONG_PTR): from the start of the structure.
    pub data_buffer_offset: u64,
    /// `SenseInfoOffset`: from the start of the structure.
    pub sense_info_offset: u32,
    /// `Cdb[16]`.
    pub cdb: [u8; 16],
    /// Tail padding to the 8-byte alignment.
    pub reserved2: [u8; 4],
}
const _: () = assert!(size_of::<ScsiPassThrough>() == 56);
const _: () = assert!(core::mem::offset_of!(ScsiPassThrough, data_buffer_offset) == 24);
const _: () = assert!(core::mem::offset_of!(ScsiPassThrough, sense_info_offset) == 32);
const _: () = assert!(core::mem::offset_of!(ScsiPassThrough, cdb) == 36);

/// `SCSI_IOCTL_DATA_OUT`.
pub const SCSI_IOCTL_DATA_OUT: u8 = 0;
/// `SCSI_IOCTL_DATA_IN`.
pub const SCSI_IOCTL_DATA_IN: u8 = 1;
/// `SCSI_IOCTL_DATA_UNSPECIFIED`.
pub const SCSI_IOCTL_DATA_UNSPECIFIED: u8 = 2;

#[cfg(test)]
mod tests {
    use super::*;
    use zerocopy::IntoBytes;

    #[test]
    fn get_media_types_layout() {
        let mut m = GetMediaTypes {
            device_type: FILE_DEVICE_CD_ROM,
            media_info_count: 1,
            ..GetMediaTypes::default()
        };
        m.media_info[0].media_type = StorageMediaType::CD_ROM.0;
        m.media_info[0].media_characteristics = MEDIA_READ_ONLY | MEDIA_CURRENTLY_MOUNTED;
        let b = m.as_bytes();
        assert_eq!(&b[..8], &[2, 0, 0, 0, 1, 0, 0, 0]);
        assert_eq!(&b[16..20], &[0x33, 0, 0, 0]);
        assert_eq!(&b[36..40], &[4, 0, 0, 0x80]);
    }

    #[test]
    fn pass_through_offsets() {
        let spt = ScsiPassThrough {
            length: 56,
            cdb_length: 6,
            data_in: SCSI_IOCTL_DATA_IN,
            data_transfer_length: 0x0102_0304,
            data_buffer_offset: 0x40,
            sense_info_offset: 0x38,
            ..ScsiPassThrough::default()
        };
        let b = spt.as_bytes();
        assert_eq!(&b[0..2], &[56, 0]);
        assert_eq!(b[6], 6);
        assert_eq!(b[8], 1);
        assert_eq!(&b[12..16], &[4, 3, 2, 1]);
        assert_eq!(b[24], 0x40);
        assert_eq!(b[32], 0x38);
    }
}
