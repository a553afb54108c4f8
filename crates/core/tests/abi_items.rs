//! The Rust side of the ABI comparison: one entry per structure size, field
//! offset and constant, naming the C item it must equal.

use core::mem::offset_of;

use cdfilter_core::abi::{speed, storage};

/// One item to compare.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code, reason = "each test binary uses only some variants")]
pub enum Item {
    /// `sizeof(c)` equals the Rust size.
    Size {
        /// C type name.
        c: &'static str,
        /// Rust `size_of`.
        rust: usize,
    },
    /// `offsetof(c, field)` equals the Rust offset.
    Offset {
        /// C type name.
        c: &'static str,
        /// C field name (may be a path like `Access.RequestType`).
        field: &'static str,
        /// Rust `offset_of!`.
        rust: usize,
    },
    /// A C constant equals the Rust one.
    Const {
        /// C macro or enumerator.
        c: &'static str,
        /// Rust value.
        rust: i64,
    },
    /// Not in mingw: compared with the spec's number.
    Spec {
        /// What.
        name: &'static str,
        /// Rust value.
        rust: i64,
        /// The spec's value.
        spec: i64,
    },
}

/// Filled as the ABI modules land.
pub const ITEMS: &[Item] = &[
    Item::Spec {
        name: "MAXIMUM_CDROM_INQUIRY_SIZE",
        rust: cdfilter_core::device::INQUIRY_MAX as i64,
        spec: 260,
    },
    // Media and speed (abi/storage.rs, abi/speed.rs, scsi/speed.rs).
    Item::Size {
        c: "PREVENT_MEDIA_REMOVAL",
        rust: size_of::<storage::PreventMediaRemoval>(),
    },
    Item::Size {
        c: "DEVICE_MEDIA_INFO",
        rust: size_of::<storage::DeviceMediaInfo>(),
    },
    Item::Offset {
        c: "DEVICE_MEDIA_INFO",
        field: "DeviceSpecific.DiskInfo.MediaType",
        rust: offset_of!(storage::DeviceMediaInfo, media_type),
    },
    Item::Offset {
        c: "DEVICE_MEDIA_INFO",
        field: "DeviceSpecific.RemovableDiskInfo.BytesPerSector",
        rust: offset_of!(storage::DeviceMediaInfo, bytes_per_sector),
    },
    Item::Offset {
        c: "DEVICE_MEDIA_INFO",
        field: "DeviceSpecific.RemovableDiskInfo.NumberMediaSides",
        rust: offset_of!(storage::DeviceMediaInfo, number_media_sides),
    },
    Item::Offset {
        c: "DEVICE_MEDIA_INFO",
        field: "DeviceSpecific.RemovableDiskInfo.MediaCharacteristics",
        rust: offset_of!(storage::DeviceMediaInfo, media_characteristics),
    },
    Item::Size {
        c: "GET_MEDIA_TYPES",
        rust: size_of::<storage::GetMediaTypes>(),
    },
    Item::Offset {
        c: "GET_MEDIA_TYPES",
        field: "MediaInfo",
        rust: offset_of!(storage::GetMediaTypes, media_info),
    },
    Item::Const {
        c: "MEDIA_READ_ONLY",
        rust: storage::MEDIA_READ_ONLY as i64,
    },
    Item::Const {
        c: "MEDIA_READ_WRITE",
        rust: storage::MEDIA_READ_WRITE as i64,
    },
    Item::Const {
        c: "MEDIA_CURRENTLY_MOUNTED",
        rust: storage::MEDIA_CURRENTLY_MOUNTED as i64,
    },
    Item::Const {
        c: "CD_ROM",
        rust: storage::StorageMediaType::CD_ROM.0 as i64,
    },
    Item::Const {
        c: "RemovableMedia",
        rust: storage::StorageMediaType::REMOVABLE_MEDIA.0 as i64,
    },
    Item::Const {
        c: "FILE_DEVICE_CD_ROM",
        rust: storage::FILE_DEVICE_CD_ROM as i64,
    },
    Item::Const {
        c: "FILE_DEVICE_DVD",
        rust: storage::FILE_DEVICE_DVD as i64,
    },
    Item::Size {
        c: "STORAGE_DEVICE_NUMBER",
        rust: size_of::<storage::StorageDeviceNumber>(),
    },
    Item::Offset {
        c: "STORAGE_DEVICE_NUMBER",
        field: "PartitionNumber",
        rust: offset_of!(storage::StorageDeviceNumber, partition_number),
    },
    Item::Size {
        c: "STORAGE_HOTPLUG_INFO",
        rust: size_of::<storage::StorageHotplugInfo>(),
    },
    Item::Offset {
        c: "STORAGE_HOTPLUG_INFO",
        field: "MediaRemovable",
        rust: offset_of!(storage::StorageHotplugInfo, media_removable),
    },
    Item::Offset {
        c: "STORAGE_HOTPLUG_INFO",
        field: "DeviceHotplug",
        rust: offset_of!(storage::StorageHotplugInfo, device_hotplug),
    },
    Item::Size {
        c: "SCSI_ADDRESS",
        rust: size_of::<storage::ScsiAddress>(),
    },
    Item::Offset {
        c: "SCSI_ADDRESS",
        field: "PortNumber",
        rust: offset_of!(storage::ScsiAddress, port_number),
    },
    Item::Offset {
        c: "SCSI_ADDRESS",
        field: "Lun",
        rust: offset_of!(storage::ScsiAddress, lun),
    },
    Item::Size {
        c: "SCSI_PASS_THROUGH",
        rust: size_of::<storage::ScsiPassThrough>(),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "SenseInfoLength",
        rust: offset_of!(storage::ScsiPassThrough, sense_info_length),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "DataIn",
        rust: offset_of!(storage::ScsiPassThrough, data_in),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "DataTransferLength",
        rust: offset_of!(storage::ScsiPassThrough, data_transfer_length),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "TimeOutValue",
        rust: offset_of!(storage::ScsiPassThrough, time_out_value),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "DataBufferOffset",
        rust: offset_of!(storage::ScsiPassThrough, data_buffer_offset),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "SenseInfoOffset",
        rust: offset_of!(storage::ScsiPassThrough, sense_info_offset),
    },
    Item::Offset {
        c: "SCSI_PASS_THROUGH",
        field: "Cdb",
        rust: offset_of!(storage::ScsiPassThrough, cdb),
    },
    Item::Const {
        c: "SCSI_IOCTL_DATA_OUT",
        rust: storage::SCSI_IOCTL_DATA_OUT as i64,
    },
    Item::Const {
        c: "SCSI_IOCTL_DATA_IN",
        rust: storage::SCSI_IOCTL_DATA_IN as i64,
    },
    Item::Const {
        c: "SCSI_IOCTL_DATA_UNSPECIFIED",
        rust: storage::SCSI_IOCTL_DATA_UNSPECIFIED as i64,
    },
    Item::Size {
        c: "CDROM_SET_SPEED",
        rust: size_of::<speed::CdromSetSpeed>(),
    },
    Item::Offset {
        c: "CDROM_SET_SPEED",
        field: "ReadSpeed",
        rust: offset_of!(speed::CdromSetSpeed, read_speed),
    },
    Item::Offset {
        c: "CDROM_SET_SPEED",
        field: "WriteSpeed",
        rust: offset_of!(speed::CdromSetSpeed, write_speed),
    },
    Item::Offset {
        c: "CDROM_SET_SPEED",
        field: "RotationControl",
        rust: offset_of!(speed::CdromSetSpeed, rotation_control),
    },
    Item::Const {
        c: "CdromSetSpeed",
        rust: speed::CdromSpeedRequest::SET_SPEED.0 as i64,
    },
    Item::Const {
        c: "CdromSetStreaming",
        rust: speed::CdromSpeedRequest::SET_STREAMING.0 as i64,
    },
    Item::Const {
        c: "CdromDefaultRotation",
        rust: speed::WriteRotation::DEFAULT.0 as i64,
    },
    Item::Const {
        c: "CdromCAVRotation",
        rust: speed::WriteRotation::CAV.0 as i64,
    },
    Item::Size {
        c: "PERFORMANCE_DESCRIPTOR",
        rust: size_of::<cdfilter_core::scsi::speed::PerformanceDescriptor>(),
    },
    Item::Offset {
        c: "PERFORMANCE_DESCRIPTOR",
        field: "StartLba",
        rust: offset_of!(cdfilter_core::scsi::speed::PerformanceDescriptor, start_lba),
    },
    Item::Offset {
        c: "PERFORMANCE_DESCRIPTOR",
        field: "WriteTime",
        rust: offset_of!(
            cdfilter_core::scsi::speed::PerformanceDescriptor,
            write_time
        ),
    },
    // Not in mingw (spec/ioctls.md §2.5–2.8, §5.2).
    Item::Spec {
        name: "sizeof(CDROM_SET_STREAMING)",
        rust: size_of::<speed::CdromSetStreaming>() as i64,
        spec: 36,
    },
    Item::Spec {
        name: "offsetof(CDROM_SET_STREAMING, StartLba)",
        rust: offset_of!(speed::CdromSetStreaming, start_lba) as i64,
        spec: 20,
    },
    Item::Spec {
        name: "offsetof(CDROM_SET_STREAMING, Persistent)",
        rust: offset_of!(speed::CdromSetStreaming, persistent) as i64,
        spec: 35,
    },
    Item::Spec {
        name: "sizeof(CDROM_PERFORMANCE_REQUEST)",
        rust: size_of::<speed::CdromPerformanceRequest>() as i64,
        spec: 20,
    },
    Item::Spec {
        name: "offsetof(CDROM_PERFORMANCE_REQUEST, StaringLba)",
        rust: offset_of!(speed::CdromPerformanceRequest, staring_lba) as i64,
        spec: 16,
    },
    Item::Spec {
        name: "sizeof(CDROM_WRITE_SPEED_REQUEST)",
        rust: size_of::<speed::CdromWriteSpeedRequest>() as i64,
        spec: 4,
    },
    Item::Spec {
        name: "sizeof(CDROM_PERFORMANCE_HEADER)",
        rust: size_of::<speed::CdromPerformanceHeader>() as i64,
        spec: 8,
    },
    Item::Spec {
        name: "sizeof(CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR)",
        rust: size_of::<speed::CdromNominalPerformanceDescriptor>() as i64,
        spec: 16,
    },
    Item::Spec {
        name: "sizeof(CDROM_EXCEPTION_PERFORMANCE_DESCRIPTOR)",
        rust: size_of::<speed::CdromExceptionPerformanceDescriptor>() as i64,
        spec: 6,
    },
    Item::Spec {
        name: "sizeof(CDROM_WRITE_SPEED_DESCRIPTOR)",
        rust: size_of::<speed::CdromWriteSpeedDescriptor>() as i64,
        spec: 16,
    },
    Item::Spec {
        name: "offsetof(CDROM_WRITE_SPEED_DESCRIPTOR, EndLba)",
        rust: offset_of!(speed::CdromWriteSpeedDescriptor, end_lba) as i64,
        spec: 4,
    },
    Item::Spec {
        name: "sizeof(CDROM_STREAMING_CONTROL)",
        rust: size_of::<speed::CdromStreamingControl>() as i64,
        spec: 4,
    },
    Item::Spec {
        name: "sizeof(CDROM_SIMPLE_OPC_INFO)",
        rust: size_of::<speed::CdromSimpleOpcInfo>() as i64,
        spec: 8,
    },
    Item::Spec {
        name: "offsetof(CDROM_SIMPLE_OPC_INFO, Exclude1)",
        rust: offset_of!(speed::CdromSimpleOpcInfo, exclude1) as i64,
        spec: 5,
    },
    Item::Spec {
        name: "CdromPerformanceRequest",
        rust: speed::CdromPerformanceRequestType::PERFORMANCE.0 as i64,
        spec: 1,
    },
    Item::Spec {
        name: "CdromWriteSpeedRequest",
        rust: speed::CdromPerformanceRequestType::WRITE_SPEED.0 as i64,
        spec: 2,
    },
    Item::Spec {
        name: "CdromWritePerformance",
        rust: speed::CdromPerformanceType::WRITE.0 as i64,
        spec: 2,
    },
    Item::Spec {
        name: "CdromPerformanceExceptionsOnly",
        rust: speed::CdromPerformanceExceptionType::EXCEPTIONS_ONLY.0 as i64,
        spec: 3,
    },
    Item::Spec {
        name: "CdromStreamingEnableForReadWrite",
        rust: speed::StreamingControlRequestType::ENABLE_FOR_READ_WRITE.0 as i64,
        spec: 4,
    },
    Item::Spec {
        name: "SimpleOpcInfo",
        rust: speed::CdromOpcInfoType::SIMPLE_OPC_INFO.0 as i64,
        spec: 1,
    },
];
