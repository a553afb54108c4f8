//! The Rust side of the ABI comparison: one entry per structure size, field
//! offset and constant, naming the C item it must equal.

use core::mem::offset_of;

use cdfilter_core::abi::audio;
use cdfilter_core::abi::{speed, storage};
use cdfilter_core::scsi::audio as scsi_audio;
use cdfilter_core::scsi::opcode;

macro_rules! size {
    ($c:literal, $t:ty) => {
        Item::Size {
            c: $c,
            rust: size_of::<$t>(),
        }
    };
}

macro_rules! offset {
    ($c:literal, $field:literal, $t:ty, $f:ident) => {
        Item::Offset {
            c: $c,
            field: $field,
            rust: core::mem::offset_of!($t, $f),
        }
    };
}

macro_rules! konst {
    ($c:literal, $v:expr) => {
        Item::Const {
            c: $c,
            rust: $v as i64,
        }
    };
}

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
    // Audio (abi/audio.rs, scsi/audio.rs). Bit fields (Control/ADR, Mcval,
    // Tcval) have no offsetof; their bytes are the fields before/after.
    size!("CDROM_PLAY_AUDIO_MSF", audio::CdromPlayAudioMsf),
    offset!(
        "CDROM_PLAY_AUDIO_MSF",
        "EndingM",
        audio::CdromPlayAudioMsf,
        ending_m
    ),
    size!("CDROM_SEEK_AUDIO_MSF", audio::CdromSeekAudioMsf),
    offset!("CDROM_SEEK_AUDIO_MSF", "F", audio::CdromSeekAudioMsf, f),
    size!("CDROM_SUB_Q_DATA_FORMAT", audio::CdromSubQDataFormat),
    offset!(
        "CDROM_SUB_Q_DATA_FORMAT",
        "Track",
        audio::CdromSubQDataFormat,
        track
    ),
    size!("SUB_Q_HEADER", audio::SubQHeader),
    offset!(
        "SUB_Q_HEADER",
        "AudioStatus",
        audio::SubQHeader,
        audio_status
    ),
    offset!("SUB_Q_HEADER", "DataLength", audio::SubQHeader, data_length),
    size!("SUB_Q_CURRENT_POSITION", audio::SubQCurrentPosition),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "FormatCode",
        audio::SubQCurrentPosition,
        format_code
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "TrackNumber",
        audio::SubQCurrentPosition,
        track_number
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "IndexNumber",
        audio::SubQCurrentPosition,
        index_number
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "AbsoluteAddress",
        audio::SubQCurrentPosition,
        absolute_address
    ),
    offset!(
        "SUB_Q_CURRENT_POSITION",
        "TrackRelativeAddress",
        audio::SubQCurrentPosition,
        track_relative_address
    ),
    size!("SUB_Q_MEDIA_CATALOG_NUMBER", audio::SubQMediaCatalogNumber),
    offset!(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "Reserved",
        audio::SubQMediaCatalogNumber,
        reserved
    ),
    offset!(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "MediaCatalog",
        audio::SubQMediaCatalogNumber,
        media_catalog
    ),
    size!("SUB_Q_TRACK_ISRC", audio::SubQTrackIsrc),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "Reserved0",
        audio::SubQTrackIsrc,
        reserved0
    ),
    offset!("SUB_Q_TRACK_ISRC", "Track", audio::SubQTrackIsrc, track),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "Reserved1",
        audio::SubQTrackIsrc,
        reserved1
    ),
    offset!(
        "SUB_Q_TRACK_ISRC",
        "TrackIsrc",
        audio::SubQTrackIsrc,
        track_isrc
    ),
    size!("VOLUME_CONTROL", audio::VolumeControl),
    size!("AUDIO_OUTPUT", scsi_audio::AudioOutput),
    offset!(
        "AUDIO_OUTPUT",
        "Immediate",
        scsi_audio::AudioOutput,
        immediate
    ),
    offset!(
        "AUDIO_OUTPUT",
        "LbaFormat",
        scsi_audio::AudioOutput,
        lba_format
    ),
    offset!(
        "AUDIO_OUTPUT",
        "LogicalBlocksPerSecond",
        scsi_audio::AudioOutput,
        logical_blocks_per_second
    ),
    offset!(
        "AUDIO_OUTPUT",
        "PortOutput",
        scsi_audio::AudioOutput,
        port_output
    ),
    size!("PORT_OUTPUT", scsi_audio::PortOutput),
    konst!(
        "IOCTL_CDROM_SUB_Q_CHANNEL",
        audio::SubQFormat::SUB_Q_CHANNEL.0
    ),
    konst!(
        "IOCTL_CDROM_CURRENT_POSITION",
        audio::SubQFormat::CURRENT_POSITION.0
    ),
    konst!(
        "IOCTL_CDROM_MEDIA_CATALOG",
        audio::SubQFormat::MEDIA_CATALOG.0
    ),
    konst!("IOCTL_CDROM_TRACK_ISRC", audio::SubQFormat::TRACK_ISRC.0),
    konst!(
        "AUDIO_STATUS_NOT_SUPPORTED",
        audio::AudioStatus::NOT_SUPPORTED.0
    ),
    konst!(
        "AUDIO_STATUS_IN_PROGRESS",
        audio::AudioStatus::IN_PROGRESS.0
    ),
    konst!("AUDIO_STATUS_PAUSED", audio::AudioStatus::PAUSED.0),
    konst!(
        "AUDIO_STATUS_PLAY_COMPLETE",
        audio::AudioStatus::PLAY_COMPLETE.0
    ),
    konst!("AUDIO_STATUS_PLAY_ERROR", audio::AudioStatus::PLAY_ERROR.0),
    konst!("AUDIO_STATUS_NO_STATUS", audio::AudioStatus::NO_STATUS.0),
    konst!(
        "AUDIO_WITH_PREEMPHASIS",
        audio::control::AUDIO_WITH_PREEMPHASIS
    ),
    konst!(
        "DIGITAL_COPY_PERMITTED",
        audio::control::DIGITAL_COPY_PERMITTED
    ),
    konst!("AUDIO_DATA_TRACK", audio::control::AUDIO_DATA_TRACK),
    konst!(
        "TWO_FOUR_CHANNEL_AUDIO",
        audio::control::TWO_FOUR_CHANNEL_AUDIO
    ),
    konst!("CDROM_AUDIO_CONTROL_PAGE", scsi_audio::AUDIO_CONTROL_PAGE),
    konst!("SCSIOP_SEEK", opcode::SEEK10),
    konst!("SCSIOP_READ_SUB_CHANNEL", opcode::READ_SUB_CHANNEL),
    konst!("SCSIOP_PLAY_AUDIO_MSF", opcode::PLAY_AUDIO_MSF),
    konst!("SCSIOP_PAUSE_RESUME", opcode::PAUSE_RESUME),
    konst!("SCSIOP_STOP_PLAY_SCAN", opcode::STOP_PLAY_SCAN),
    konst!("SCSIOP_START_STOP_UNIT", opcode::START_STOP_UNIT),
    konst!("SCSIOP_MODE_SENSE10", opcode::MODE_SENSE10),
    konst!("SCSIOP_MODE_SELECT10", opcode::MODE_SELECT10),
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
