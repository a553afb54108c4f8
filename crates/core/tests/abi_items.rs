//! The Rust side of the ABI comparison: one entry per structure size, field
//! offset and constant, naming the C item it must equal.

use core::mem::offset_of;

use cdfilter_core::abi::{audio, config, disk, speed, storage, toc};
use cdfilter_core::scsi::audio as scsi_audio;
use cdfilter_core::scsi::config as scsi_config;
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
    // ---- TOC family, GET_CONFIGURATION, INQUIRY, geometry and capacity ----
    Item::Size {
        c: "TRACK_DATA",
        rust: size_of::<toc::TrackData>(),
    },
    Item::Size {
        c: "CDROM_TOC",
        rust: size_of::<toc::CdromToc>(),
    },
    Item::Size {
        c: "CDROM_READ_TOC_EX",
        rust: size_of::<toc::CdromReadTocEx>(),
    },
    Item::Size {
        c: "CDROM_TOC_SESSION_DATA",
        rust: size_of::<toc::CdromTocSessionData>(),
    },
    Item::Size {
        c: "CDROM_TOC_FULL_TOC_DATA",
        rust: size_of::<toc::CdromTocFullTocData>(),
    },
    Item::Size {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        rust: size_of::<toc::CdromTocFullTocDataBlock>(),
    },
    Item::Size {
        c: "CDROM_TOC_PMA_DATA",
        rust: size_of::<toc::CdromTocPmaData>(),
    },
    Item::Size {
        c: "CDROM_TOC_ATIP_DATA",
        rust: size_of::<toc::CdromTocAtipData>(),
    },
    Item::Size {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        rust: size_of::<toc::CdromTocAtipDataBlock>(),
    },
    Item::Size {
        c: "CDROM_TOC_CD_TEXT_DATA",
        rust: size_of::<toc::CdromTocCdTextData>(),
    },
    Item::Size {
        c: "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        rust: size_of::<toc::CdromTocCdTextDataBlock>(),
    },
    Item::Size {
        c: "GET_CONFIGURATION_IOCTL_INPUT",
        rust: size_of::<config::GetConfigurationIoctlInput>(),
    },
    Item::Size {
        c: "GET_CONFIGURATION_HEADER",
        rust: size_of::<config::GetConfigurationHeader>(),
    },
    Item::Size {
        c: "FEATURE_HEADER",
        rust: size_of::<config::FeatureHeader>(),
    },
    Item::Size {
        c: "FEATURE_NUMBER",
        rust: size_of::<config::FeatureNumber>(),
    },
    Item::Size {
        c: "DISK_GEOMETRY",
        rust: size_of::<disk::DiskGeometry>(),
    },
    Item::Size {
        c: "DISK_GEOMETRY_EX",
        rust: size_of::<disk::DiskGeometryEx>(),
    },
    Item::Size {
        c: "GET_LENGTH_INFORMATION",
        rust: size_of::<disk::GetLengthInformation>(),
    },
    Item::Size {
        c: "STORAGE_READ_CAPACITY",
        rust: size_of::<disk::StorageReadCapacity>(),
    },
    Item::Size {
        c: "MEDIA_TYPE",
        rust: size_of::<disk::MediaType>(),
    },
    Item::Size {
        c: "INQUIRYDATA",
        rust: size_of::<scsi_config::InquiryData>(),
    },
    Item::Size {
        c: "READ_CAPACITY_DATA",
        rust: size_of::<scsi_config::ReadCapacityData>(),
    },
    Item::Offset {
        c: "TRACK_DATA",
        field: "TrackNumber",
        rust: offset_of!(toc::TrackData, track_number),
    },
    Item::Offset {
        c: "TRACK_DATA",
        field: "Reserved1",
        rust: offset_of!(toc::TrackData, reserved1),
    },
    Item::Offset {
        c: "TRACK_DATA",
        field: "Address",
        rust: offset_of!(toc::TrackData, address),
    },
    Item::Offset {
        c: "CDROM_TOC",
        field: "Length",
        rust: offset_of!(toc::CdromToc, length),
    },
    Item::Offset {
        c: "CDROM_TOC",
        field: "FirstTrack",
        rust: offset_of!(toc::CdromToc, first_track),
    },
    Item::Offset {
        c: "CDROM_TOC",
        field: "LastTrack",
        rust: offset_of!(toc::CdromToc, last_track),
    },
    Item::Offset {
        c: "CDROM_TOC",
        field: "TrackData",
        rust: offset_of!(toc::CdromToc, track_data),
    },
    Item::Offset {
        c: "CDROM_READ_TOC_EX",
        field: "SessionTrack",
        rust: offset_of!(toc::CdromReadTocEx, session_track),
    },
    Item::Offset {
        c: "CDROM_READ_TOC_EX",
        field: "Reserved2",
        rust: offset_of!(toc::CdromReadTocEx, reserved2),
    },
    Item::Offset {
        c: "CDROM_READ_TOC_EX",
        field: "Reserved3",
        rust: offset_of!(toc::CdromReadTocEx, reserved3),
    },
    Item::Offset {
        c: "CDROM_TOC_SESSION_DATA",
        field: "FirstCompleteSession",
        rust: offset_of!(toc::CdromTocSessionData, first_complete_session),
    },
    Item::Offset {
        c: "CDROM_TOC_SESSION_DATA",
        field: "LastCompleteSession",
        rust: offset_of!(toc::CdromTocSessionData, last_complete_session),
    },
    Item::Offset {
        c: "CDROM_TOC_SESSION_DATA",
        field: "TrackData",
        rust: offset_of!(toc::CdromTocSessionData, track_data),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA",
        field: "FirstCompleteSession",
        rust: offset_of!(toc::CdromTocFullTocData, first_complete_session),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA",
        field: "LastCompleteSession",
        rust: offset_of!(toc::CdromTocFullTocData, last_complete_session),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        field: "Reserved1",
        rust: offset_of!(toc::CdromTocFullTocDataBlock, reserved1),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        field: "Point",
        rust: offset_of!(toc::CdromTocFullTocDataBlock, point),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        field: "MsfExtra",
        rust: offset_of!(toc::CdromTocFullTocDataBlock, msf_extra),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        field: "Zero",
        rust: offset_of!(toc::CdromTocFullTocDataBlock, zero),
    },
    Item::Offset {
        c: "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        field: "Msf",
        rust: offset_of!(toc::CdromTocFullTocDataBlock, msf),
    },
    Item::Offset {
        c: "CDROM_TOC_PMA_DATA",
        field: "Reserved1",
        rust: offset_of!(toc::CdromTocPmaData, reserved1),
    },
    Item::Offset {
        c: "CDROM_TOC_PMA_DATA",
        field: "Reserved2",
        rust: offset_of!(toc::CdromTocPmaData, reserved2),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA",
        field: "Reserved2",
        rust: offset_of!(toc::CdromTocAtipData, reserved2),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "Reserved7",
        rust: offset_of!(toc::CdromTocAtipDataBlock, reserved7),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "LeadInMsf",
        rust: offset_of!(toc::CdromTocAtipDataBlock, lead_in_msf),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "Reserved8",
        rust: offset_of!(toc::CdromTocAtipDataBlock, reserved8),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "LeadOutMsf",
        rust: offset_of!(toc::CdromTocAtipDataBlock, lead_out_msf),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "A1Values",
        rust: offset_of!(toc::CdromTocAtipDataBlock, a1_values),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "A2Values",
        rust: offset_of!(toc::CdromTocAtipDataBlock, a2_values),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "A3Values",
        rust: offset_of!(toc::CdromTocAtipDataBlock, a3_values),
    },
    Item::Offset {
        c: "CDROM_TOC_ATIP_DATA_BLOCK",
        field: "Reserved12",
        rust: offset_of!(toc::CdromTocAtipDataBlock, reserved12),
    },
    Item::Offset {
        c: "CDROM_TOC_CD_TEXT_DATA",
        field: "Reserved2",
        rust: offset_of!(toc::CdromTocCdTextData, reserved2),
    },
    Item::Offset {
        c: "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        field: "SequenceNumber",
        rust: offset_of!(toc::CdromTocCdTextDataBlock, sequence_number),
    },
    Item::Offset {
        c: "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        field: "Text",
        rust: offset_of!(toc::CdromTocCdTextDataBlock, text),
    },
    Item::Offset {
        c: "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        field: "WText",
        rust: offset_of!(toc::CdromTocCdTextDataBlock, text),
    },
    Item::Offset {
        c: "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        field: "CRC",
        rust: offset_of!(toc::CdromTocCdTextDataBlock, crc),
    },
    Item::Offset {
        c: "GET_CONFIGURATION_IOCTL_INPUT",
        field: "Feature",
        rust: offset_of!(config::GetConfigurationIoctlInput, feature),
    },
    Item::Offset {
        c: "GET_CONFIGURATION_IOCTL_INPUT",
        field: "RequestType",
        rust: offset_of!(config::GetConfigurationIoctlInput, request_type),
    },
    Item::Offset {
        c: "GET_CONFIGURATION_IOCTL_INPUT",
        field: "Reserved",
        rust: offset_of!(config::GetConfigurationIoctlInput, reserved),
    },
    Item::Offset {
        c: "GET_CONFIGURATION_HEADER",
        field: "Reserved",
        rust: offset_of!(config::GetConfigurationHeader, reserved),
    },
    Item::Offset {
        c: "GET_CONFIGURATION_HEADER",
        field: "CurrentProfile",
        rust: offset_of!(config::GetConfigurationHeader, current_profile),
    },
    Item::Offset {
        c: "FEATURE_HEADER",
        field: "AdditionalLength",
        rust: offset_of!(config::FeatureHeader, additional_length),
    },
    Item::Offset {
        c: "DISK_GEOMETRY",
        field: "MediaType",
        rust: offset_of!(disk::DiskGeometry, media_type),
    },
    Item::Offset {
        c: "DISK_GEOMETRY",
        field: "TracksPerCylinder",
        rust: offset_of!(disk::DiskGeometry, tracks_per_cylinder),
    },
    Item::Offset {
        c: "DISK_GEOMETRY",
        field: "SectorsPerTrack",
        rust: offset_of!(disk::DiskGeometry, sectors_per_track),
    },
    Item::Offset {
        c: "DISK_GEOMETRY",
        field: "BytesPerSector",
        rust: offset_of!(disk::DiskGeometry, bytes_per_sector),
    },
    Item::Offset {
        c: "DISK_GEOMETRY_EX",
        field: "DiskSize",
        rust: offset_of!(disk::DiskGeometryEx, disk_size),
    },
    Item::Offset {
        c: "DISK_GEOMETRY_EX",
        field: "Data",
        rust: offset_of!(disk::DiskGeometryEx, data),
    },
    Item::Offset {
        c: "STORAGE_READ_CAPACITY",
        field: "Size",
        rust: offset_of!(disk::StorageReadCapacity, size),
    },
    Item::Offset {
        c: "STORAGE_READ_CAPACITY",
        field: "BlockLength",
        rust: offset_of!(disk::StorageReadCapacity, block_length),
    },
    Item::Offset {
        c: "STORAGE_READ_CAPACITY",
        field: "NumberOfBlocks",
        rust: offset_of!(disk::StorageReadCapacity, number_of_blocks),
    },
    Item::Offset {
        c: "STORAGE_READ_CAPACITY",
        field: "DiskLength",
        rust: offset_of!(disk::StorageReadCapacity, disk_length),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "AdditionalLength",
        rust: offset_of!(scsi_config::InquiryData, additional_length),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "VendorId",
        rust: offset_of!(scsi_config::InquiryData, vendor_id),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "ProductId",
        rust: offset_of!(scsi_config::InquiryData, product_id),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "ProductRevisionLevel",
        rust: offset_of!(scsi_config::InquiryData, product_revision_level),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "VendorSpecific",
        rust: offset_of!(scsi_config::InquiryData, vendor_specific),
    },
    Item::Offset {
        c: "INQUIRYDATA",
        field: "Reserved3",
        rust: offset_of!(scsi_config::InquiryData, reserved3),
    },
    Item::Offset {
        c: "READ_CAPACITY_DATA",
        field: "BytesPerBlock",
        rust: offset_of!(scsi_config::ReadCapacityData, bytes_per_block),
    },
    Item::Const {
        c: "MAXIMUM_NUMBER_TRACKS",
        rust: toc::MAXIMUM_NUMBER_TRACKS as i64,
    },
    Item::Const {
        c: "MAXIMUM_CDROM_SIZE",
        rust: toc::MAXIMUM_CDROM_SIZE as i64,
    },
    Item::Const {
        c: "MINIMUM_CDROM_READ_TOC_EX_SIZE",
        rust: toc::MINIMUM_CDROM_READ_TOC_EX_SIZE as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_TOC",
        rust: toc::TocFormat::TOC.0 as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_SESSION",
        rust: toc::TocFormat::SESSION.0 as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_FULL_TOC",
        rust: toc::TocFormat::FULL_TOC.0 as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_PMA",
        rust: toc::TocFormat::PMA.0 as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_ATIP",
        rust: toc::TocFormat::ATIP.0 as i64,
    },
    Item::Const {
        c: "CDROM_READ_TOC_EX_FORMAT_CDTEXT",
        rust: toc::TocFormat::CDTEXT.0 as i64,
    },
    Item::Const {
        c: "ADR_NO_MODE_INFORMATION",
        rust: toc::Adr::NO_MODE_INFORMATION.0 as i64,
    },
    Item::Const {
        c: "ADR_ENCODES_CURRENT_POSITION",
        rust: toc::Adr::ENCODES_CURRENT_POSITION.0 as i64,
    },
    Item::Const {
        c: "ADR_ENCODES_MEDIA_CATALOG",
        rust: toc::Adr::ENCODES_MEDIA_CATALOG.0 as i64,
    },
    Item::Const {
        c: "ADR_ENCODES_ISRC",
        rust: toc::Adr::ENCODES_ISRC.0 as i64,
    },
    Item::Const {
        c: "AUDIO_WITH_PREEMPHASIS",
        rust: toc::control::AUDIO_WITH_PREEMPHASIS as i64,
    },
    Item::Const {
        c: "DIGITAL_COPY_PERMITTED",
        rust: toc::control::DIGITAL_COPY_PERMITTED as i64,
    },
    Item::Const {
        c: "AUDIO_DATA_TRACK",
        rust: toc::control::AUDIO_DATA_TRACK as i64,
    },
    Item::Const {
        c: "TWO_FOUR_CHANNEL_AUDIO",
        rust: toc::control::TWO_FOUR_CHANNEL_AUDIO as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_ALBUM_NAME",
        rust: toc::CdTextPackType::ALBUM_NAME.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_PERFORMER",
        rust: toc::CdTextPackType::PERFORMER.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_SONGWRITER",
        rust: toc::CdTextPackType::SONGWRITER.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_COMPOSER",
        rust: toc::CdTextPackType::COMPOSER.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_ARRANGER",
        rust: toc::CdTextPackType::ARRANGER.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_MESSAGES",
        rust: toc::CdTextPackType::MESSAGES.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_DISC_ID",
        rust: toc::CdTextPackType::DISC_ID.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_GENRE",
        rust: toc::CdTextPackType::GENRE.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_TOC_INFO",
        rust: toc::CdTextPackType::TOC_INFO.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_TOC_INFO2",
        rust: toc::CdTextPackType::TOC_INFO2.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_UPC_EAN",
        rust: toc::CdTextPackType::UPC_EAN.0 as i64,
    },
    Item::Const {
        c: "CDROM_CD_TEXT_PACK_SIZE_INFO",
        rust: toc::CdTextPackType::SIZE_INFO.0 as i64,
    },
    Item::Const {
        c: "SCSI_GET_CONFIGURATION_REQUEST_TYPE_ALL",
        rust: config::RequestType::ALL.0 as i64,
    },
    Item::Const {
        c: "SCSI_GET_CONFIGURATION_REQUEST_TYPE_CURRENT",
        rust: config::RequestType::CURRENT.0 as i64,
    },
    Item::Const {
        c: "SCSI_GET_CONFIGURATION_REQUEST_TYPE_ONE",
        rust: config::RequestType::ONE.0 as i64,
    },
    Item::Const {
        c: "RemovableMedia",
        rust: disk::MediaType::REMOVABLE_MEDIA.0 as i64,
    },
    Item::Const {
        c: "FixedMedia",
        rust: disk::MediaType::FIXED_MEDIA.0 as i64,
    },
    Item::Const {
        c: "Unknown",
        rust: disk::MediaType::UNKNOWN.0 as i64,
    },
    Item::Const {
        c: "FeatureProfileList",
        rust: config::FeatureNumber::PROFILE_LIST.0 as i64,
    },
    Item::Const {
        c: "FeatureCore",
        rust: config::FeatureNumber::CORE.0 as i64,
    },
    Item::Const {
        c: "FeatureMorphing",
        rust: config::FeatureNumber::MORPHING.0 as i64,
    },
    Item::Const {
        c: "FeatureRemovableMedium",
        rust: config::FeatureNumber::REMOVABLE_MEDIUM.0 as i64,
    },
    Item::Const {
        c: "FeatureWriteProtect",
        rust: config::FeatureNumber::WRITE_PROTECT.0 as i64,
    },
    Item::Const {
        c: "FeatureRandomReadable",
        rust: config::FeatureNumber::RANDOM_READABLE.0 as i64,
    },
    Item::Const {
        c: "FeatureMultiRead",
        rust: config::FeatureNumber::MULTI_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureCdRead",
        rust: config::FeatureNumber::CD_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdRead",
        rust: config::FeatureNumber::DVD_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureRandomWritable",
        rust: config::FeatureNumber::RANDOM_WRITABLE.0 as i64,
    },
    Item::Const {
        c: "FeatureIncrementalStreamingWritable",
        rust: config::FeatureNumber::INCREMENTAL_STREAMING_WRITABLE.0 as i64,
    },
    Item::Const {
        c: "FeatureSectorErasable",
        rust: config::FeatureNumber::SECTOR_ERASABLE.0 as i64,
    },
    Item::Const {
        c: "FeatureFormattable",
        rust: config::FeatureNumber::FORMATTABLE.0 as i64,
    },
    Item::Const {
        c: "FeatureDefectManagement",
        rust: config::FeatureNumber::DEFECT_MANAGEMENT.0 as i64,
    },
    Item::Const {
        c: "FeatureWriteOnce",
        rust: config::FeatureNumber::WRITE_ONCE.0 as i64,
    },
    Item::Const {
        c: "FeatureRestrictedOverwrite",
        rust: config::FeatureNumber::RESTRICTED_OVERWRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureCdrwCAVWrite",
        rust: config::FeatureNumber::CDRW_CAV_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureMrw",
        rust: config::FeatureNumber::MRW.0 as i64,
    },
    Item::Const {
        c: "FeatureEnhancedDefectReporting",
        rust: config::FeatureNumber::ENHANCED_DEFECT_REPORTING.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdPlusRW",
        rust: config::FeatureNumber::DVD_PLUS_RW.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdPlusR",
        rust: config::FeatureNumber::DVD_PLUS_R.0 as i64,
    },
    Item::Const {
        c: "FeatureRigidRestrictedOverwrite",
        rust: config::FeatureNumber::RIGID_RESTRICTED_OVERWRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureCdTrackAtOnce",
        rust: config::FeatureNumber::CD_TRACK_AT_ONCE.0 as i64,
    },
    Item::Const {
        c: "FeatureCdMastering",
        rust: config::FeatureNumber::CD_MASTERING.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdRecordableWrite",
        rust: config::FeatureNumber::DVD_RECORDABLE_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureDDCDRead",
        rust: config::FeatureNumber::DDCD_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureDDCDRWrite",
        rust: config::FeatureNumber::DDCD_R_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureDDCDRWWrite",
        rust: config::FeatureNumber::DDCD_RW_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureLayerJumpRecording",
        rust: config::FeatureNumber::LAYER_JUMP_RECORDING.0 as i64,
    },
    Item::Const {
        c: "FeatureCDRWMediaWriteSupport",
        rust: config::FeatureNumber::CDRW_MEDIA_WRITE_SUPPORT.0 as i64,
    },
    Item::Const {
        c: "FeatureBDRPseudoOverwrite",
        rust: config::FeatureNumber::BDR_PSEUDO_OVERWRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdPlusRWDualLayer",
        rust: config::FeatureNumber::DVD_PLUS_RW_DUAL_LAYER.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdPlusRDualLayer",
        rust: config::FeatureNumber::DVD_PLUS_R_DUAL_LAYER.0 as i64,
    },
    Item::Const {
        c: "FeatureBDRead",
        rust: config::FeatureNumber::BD_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureBDWrite",
        rust: config::FeatureNumber::BD_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureTSR",
        rust: config::FeatureNumber::TSR.0 as i64,
    },
    Item::Const {
        c: "FeatureHDDVDRead",
        rust: config::FeatureNumber::HD_DVD_READ.0 as i64,
    },
    Item::Const {
        c: "FeatureHDDVDWrite",
        rust: config::FeatureNumber::HD_DVD_WRITE.0 as i64,
    },
    Item::Const {
        c: "FeatureHybridDisc",
        rust: config::FeatureNumber::HYBRID_DISC.0 as i64,
    },
    Item::Const {
        c: "FeaturePowerManagement",
        rust: config::FeatureNumber::POWER_MANAGEMENT.0 as i64,
    },
    Item::Const {
        c: "FeatureSMART",
        rust: config::FeatureNumber::SMART.0 as i64,
    },
    Item::Const {
        c: "FeatureEmbeddedChanger",
        rust: config::FeatureNumber::EMBEDDED_CHANGER.0 as i64,
    },
    Item::Const {
        c: "FeatureCDAudioAnalogPlay",
        rust: config::FeatureNumber::CD_AUDIO_ANALOG_PLAY.0 as i64,
    },
    Item::Const {
        c: "FeatureMicrocodeUpgrade",
        rust: config::FeatureNumber::MICROCODE_UPGRADE.0 as i64,
    },
    Item::Const {
        c: "FeatureTimeout",
        rust: config::FeatureNumber::TIMEOUT.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdCSS",
        rust: config::FeatureNumber::DVD_CSS.0 as i64,
    },
    Item::Const {
        c: "FeatureRealTimeStreaming",
        rust: config::FeatureNumber::REAL_TIME_STREAMING.0 as i64,
    },
    Item::Const {
        c: "FeatureLogicalUnitSerialNumber",
        rust: config::FeatureNumber::LOGICAL_UNIT_SERIAL_NUMBER.0 as i64,
    },
    Item::Const {
        c: "FeatureMediaSerialNumber",
        rust: config::FeatureNumber::MEDIA_SERIAL_NUMBER.0 as i64,
    },
    Item::Const {
        c: "FeatureDiscControlBlocks",
        rust: config::FeatureNumber::DISC_CONTROL_BLOCKS.0 as i64,
    },
    Item::Const {
        c: "FeatureDvdCPRM",
        rust: config::FeatureNumber::DVD_CPRM.0 as i64,
    },
    Item::Const {
        c: "FeatureFirmwareDate",
        rust: config::FeatureNumber::FIRMWARE_DATE.0 as i64,
    },
    Item::Const {
        c: "FeatureAACS",
        rust: config::FeatureNumber::AACS.0 as i64,
    },
    Item::Const {
        c: "FeatureVCPS",
        rust: config::FeatureNumber::VCPS.0 as i64,
    },
    Item::Spec {
        name: "MINIMUM_CDROM_INQUIRY_SIZE",
        rust: scsi_config::MINIMUM_CDROM_INQUIRY_SIZE as i64,
        spec: 36,
    },
    Item::Spec {
        name: "MAXIMUM_CDROM_INQUIRY_SIZE (scsi)",
        rust: scsi_config::MAXIMUM_CDROM_INQUIRY_SIZE as i64,
        spec: 260,
    },
    Item::Spec {
        name: "sizeof(GET_CONFIGURATION_IOCTL_INPUT32) (MSVC)",
        rust: size_of::<config::GetConfigurationIoctlInput32>() as i64,
        spec: 16,
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
