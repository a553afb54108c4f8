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
    Item::Const {
        c: "StorageDeviceProperty",
        rust: storage::STORAGE_DEVICE_PROPERTY as i64,
    },
    Item::Const {
        c: "StorageAdapterProperty",
        rust: storage::STORAGE_ADAPTER_PROPERTY as i64,
    },
    Item::Const {
        c: "PropertyStandardQuery",
        rust: storage::PROPERTY_STANDARD_QUERY as i64,
    },
    Item::Const {
        c: "PropertyExistsQuery",
        rust: storage::PROPERTY_EXISTS_QUERY as i64,
    },
    Item::Size {
        c: "STORAGE_PROPERTY_QUERY",
        rust: size_of::<storage::StoragePropertyQuery>(),
    },
    Item::Offset {
        c: "STORAGE_PROPERTY_QUERY",
        field: "QueryType",
        rust: offset_of!(storage::StoragePropertyQuery, query_type),
    },
    Item::Offset {
        c: "STORAGE_PROPERTY_QUERY",
        field: "AdditionalParameters",
        rust: offset_of!(storage::StoragePropertyQuery, additional_parameters),
    },
    Item::Offset {
        c: "STORAGE_ADAPTER_DESCRIPTOR",
        field: "Size",
        rust: offset_of!(storage::StorageAdapterDescriptorHead, size),
    },
    Item::Offset {
        c: "STORAGE_ADAPTER_DESCRIPTOR",
        field: "MaximumTransferLength",
        rust: offset_of!(
            storage::StorageAdapterDescriptorHead,
            maximum_transfer_length
        ),
    },
    Item::Offset {
        c: "STORAGE_ADAPTER_DESCRIPTOR",
        field: "MaximumPhysicalPages",
        rust: offset_of!(
            storage::StorageAdapterDescriptorHead,
            maximum_physical_pages
        ),
    },
    Item::Offset {
        c: "STORAGE_ADAPTER_DESCRIPTOR",
        field: "AlignmentMask",
        rust: offset_of!(storage::StorageAdapterDescriptorHead, alignment_mask),
    },
    Item::Offset {
        c: "STORAGE_ADAPTER_DESCRIPTOR",
        field: "AdapterUsesPio",
        rust: size_of::<storage::StorageAdapterDescriptorHead>(),
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
    // Raw read (abi/rawread.rs). mingw has the first three TRACK_MODE_TYPE
    // values only; the rest and the sector sizes are the SDK's (spec §5.2,
    // rawread-exclusive-audio.md §2.1).
    mingw_size("RAW_READ_INFO", size_of::<rawread::RawReadInfo>()),
    mingw_offset(
        "RAW_READ_INFO",
        "DiskOffset",
        offset_of!(rawread::RawReadInfo, disk_offset),
    ),
    mingw_offset(
        "RAW_READ_INFO",
        "SectorCount",
        offset_of!(rawread::RawReadInfo, sector_count),
    ),
    mingw_offset(
        "RAW_READ_INFO",
        "TrackMode",
        offset_of!(rawread::RawReadInfo, track_mode),
    ),
    mingw_size("TRACK_MODE_TYPE", size_of::<rawread::TrackModeType>()),
    mingw_const("YellowMode2", rawread::TrackModeType::YELLOW_MODE2.0 as i64),
    mingw_const("XAForm2", rawread::TrackModeType::XA_FORM2.0 as i64),
    mingw_const("CDDA", rawread::TrackModeType::CDDA.0 as i64),
    spec_value(
        "RawWithC2AndSubCode",
        rawread::TrackModeType::RAW_WITH_C2_AND_SUB_CODE.0 as i64,
        3,
    ),
    spec_value("RawWithC2", rawread::TrackModeType::RAW_WITH_C2.0 as i64, 4),
    spec_value(
        "RawWithSubCode",
        rawread::TrackModeType::RAW_WITH_SUB_CODE.0 as i64,
        5,
    ),
    spec_value(
        "alignof(RAW_READ_INFO)",
        align_of::<rawread::RawReadInfo>() as i64,
        8,
    ),
    spec_value(
        "COOKED_SECTOR_SIZE",
        rawread::COOKED_SECTOR_SIZE as i64,
        2048,
    ),
    spec_value("RAW_SECTOR_SIZE", rawread::RAW_SECTOR_SIZE as i64, 2352),
    spec_value(
        "CD_RAW_READ_C2_SIZE",
        rawread::CD_RAW_READ_C2_SIZE as i64,
        296,
    ),
    spec_value(
        "CD_RAW_READ_SUBCODE_SIZE",
        rawread::CD_RAW_READ_SUBCODE_SIZE as i64,
        96,
    ),
    spec_value(
        "CD_RAW_SECTOR_WITH_C2_SIZE",
        rawread::CD_RAW_SECTOR_WITH_C2_SIZE as i64,
        2648,
    ),
    spec_value(
        "CD_RAW_SECTOR_WITH_SUBCODE_SIZE",
        rawread::CD_RAW_SECTOR_WITH_SUBCODE_SIZE as i64,
        2448,
    ),
    spec_value(
        "CD_RAW_SECTOR_WITH_C2_AND_SUBCODE_SIZE",
        rawread::CD_RAW_SECTOR_WITH_C2_AND_SUBCODE_SIZE as i64,
        2744,
    ),
    // Exclusive access (abi/exclusive.rs): nothing of it is in mingw
    // (rawread-exclusive-audio.md §3.1, ioctls.md §5.2).
    spec_value(
        "sizeof(CDROM_EXCLUSIVE_ACCESS)",
        size_of::<exclusive::CdromExclusiveAccess>() as i64,
        8,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_ACCESS, RequestType)",
        offset_of!(exclusive::CdromExclusiveAccess, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_ACCESS, Flags)",
        offset_of!(exclusive::CdromExclusiveAccess, flags) as i64,
        4,
    ),
    spec_value(
        "alignof(CDROM_EXCLUSIVE_ACCESS)",
        align_of::<exclusive::CdromExclusiveAccess>() as i64,
        4,
    ),
    spec_value(
        "sizeof(CDROM_EXCLUSIVE_LOCK)",
        size_of::<exclusive::CdromExclusiveLock>() as i64,
        72,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_LOCK, Access.RequestType)",
        offset_of!(exclusive::CdromExclusiveLock, access.request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_LOCK, Access.Flags)",
        offset_of!(exclusive::CdromExclusiveLock, access.flags) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_LOCK, CallerName)",
        offset_of!(exclusive::CdromExclusiveLock, caller_name) as i64,
        8,
    ),
    spec_value(
        "alignof(CDROM_EXCLUSIVE_LOCK)",
        align_of::<exclusive::CdromExclusiveLock>() as i64,
        4,
    ),
    spec_value(
        "sizeof(CDROM_EXCLUSIVE_LOCK_STATE)",
        size_of::<exclusive::CdromExclusiveLockState>() as i64,
        65,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_LOCK_STATE, LockState)",
        offset_of!(exclusive::CdromExclusiveLockState, lock_state) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_EXCLUSIVE_LOCK_STATE, CallerName)",
        offset_of!(exclusive::CdromExclusiveLockState, caller_name) as i64,
        1,
    ),
    spec_value(
        "alignof(CDROM_EXCLUSIVE_LOCK_STATE)",
        align_of::<exclusive::CdromExclusiveLockState>() as i64,
        1,
    ),
    spec_value(
        "CDROM_EXCLUSIVE_CALLER_LENGTH",
        exclusive::CDROM_EXCLUSIVE_CALLER_LENGTH as i64,
        64,
    ),
    spec_value(
        "CDROM_LOCK_IGNORE_VOLUME",
        exclusive::CDROM_LOCK_IGNORE_VOLUME as i64,
        1,
    ),
    spec_value(
        "CDROM_NO_MEDIA_NOTIFICATIONS",
        exclusive::CDROM_NO_MEDIA_NOTIFICATIONS as i64,
        2,
    ),
    spec_value(
        "CDROM_NOT_IN_EXCLUSIVE_MODE",
        exclusive::CDROM_NOT_IN_EXCLUSIVE_MODE as i64,
        0,
    ),
    spec_value(
        "CDROM_IN_EXCLUSIVE_MODE",
        exclusive::CDROM_IN_EXCLUSIVE_MODE as i64,
        1,
    ),
    spec_value(
        "ExclusiveAccessQueryState",
        exclusive::ExclusiveAccessRequestType::QUERY_STATE.0 as i64,
        0,
    ),
    spec_value(
        "ExclusiveAccessLockDevice",
        exclusive::ExclusiveAccessRequestType::LOCK_DEVICE.0 as i64,
        1,
    ),
    spec_value(
        "ExclusiveAccessUnlockDevice",
        exclusive::ExclusiveAccessRequestType::UNLOCK_DEVICE.0 as i64,
        2,
    ),
    // Storage (abi/storage.rs): the fields the media team's items leave out.
    // DEVICE_MEDIA_INFO is compared in both of its views: the Rust struct
    // stands for DiskInfo and RemovableDiskInfo at once.
    mingw_offset(
        "PREVENT_MEDIA_REMOVAL",
        "PreventMediaRemoval",
        offset_of!(storage::PreventMediaRemoval, prevent_media_removal),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.Cylinders",
        offset_of!(storage::DeviceMediaInfo, cylinders),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.TracksPerCylinder",
        offset_of!(storage::DeviceMediaInfo, tracks_per_cylinder),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.SectorsPerTrack",
        offset_of!(storage::DeviceMediaInfo, sectors_per_track),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.BytesPerSector",
        offset_of!(storage::DeviceMediaInfo, bytes_per_sector),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.NumberMediaSides",
        offset_of!(storage::DeviceMediaInfo, number_media_sides),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.DiskInfo.MediaCharacteristics",
        offset_of!(storage::DeviceMediaInfo, media_characteristics),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.RemovableDiskInfo.Cylinders",
        offset_of!(storage::DeviceMediaInfo, cylinders),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.RemovableDiskInfo.MediaType",
        offset_of!(storage::DeviceMediaInfo, media_type),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.RemovableDiskInfo.TracksPerCylinder",
        offset_of!(storage::DeviceMediaInfo, tracks_per_cylinder),
    ),
    mingw_offset(
        "DEVICE_MEDIA_INFO",
        "DeviceSpecific.RemovableDiskInfo.SectorsPerTrack",
        offset_of!(storage::DeviceMediaInfo, sectors_per_track),
    ),
    mingw_offset(
        "GET_MEDIA_TYPES",
        "DeviceType",
        offset_of!(storage::GetMediaTypes, device_type),
    ),
    mingw_offset(
        "GET_MEDIA_TYPES",
        "MediaInfoCount",
        offset_of!(storage::GetMediaTypes, media_info_count),
    ),
    mingw_offset(
        "STORAGE_DEVICE_NUMBER",
        "DeviceType",
        offset_of!(storage::StorageDeviceNumber, device_type),
    ),
    mingw_offset(
        "STORAGE_DEVICE_NUMBER",
        "DeviceNumber",
        offset_of!(storage::StorageDeviceNumber, device_number),
    ),
    mingw_offset(
        "STORAGE_HOTPLUG_INFO",
        "Size",
        offset_of!(storage::StorageHotplugInfo, size),
    ),
    mingw_offset(
        "STORAGE_HOTPLUG_INFO",
        "MediaHotplug",
        offset_of!(storage::StorageHotplugInfo, media_hotplug),
    ),
    mingw_offset(
        "STORAGE_HOTPLUG_INFO",
        "WriteCacheEnableOverride",
        offset_of!(storage::StorageHotplugInfo, write_cache_enable_override),
    ),
    mingw_offset(
        "SCSI_ADDRESS",
        "Length",
        offset_of!(storage::ScsiAddress, length),
    ),
    mingw_offset(
        "SCSI_ADDRESS",
        "PathId",
        offset_of!(storage::ScsiAddress, path_id),
    ),
    mingw_offset(
        "SCSI_ADDRESS",
        "TargetId",
        offset_of!(storage::ScsiAddress, target_id),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "Length",
        offset_of!(storage::ScsiPassThrough, length),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "ScsiStatus",
        offset_of!(storage::ScsiPassThrough, scsi_status),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "PathId",
        offset_of!(storage::ScsiPassThrough, path_id),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "TargetId",
        offset_of!(storage::ScsiPassThrough, target_id),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "Lun",
        offset_of!(storage::ScsiPassThrough, lun),
    ),
    mingw_offset(
        "SCSI_PASS_THROUGH",
        "CdbLength",
        offset_of!(storage::ScsiPassThrough, cdb_length),
    ),
    // Speed, performance, streaming, OPC (abi/speed.rs, scsi/speed.rs).
    mingw_offset(
        "CDROM_SET_SPEED",
        "RequestType",
        offset_of!(speed::CdromSetSpeed, request_type),
    ),
    mingw_offset(
        "PERFORMANCE_DESCRIPTOR",
        "Reserved",
        offset_of!(scsi_speed::PerformanceDescriptor, reserved),
    ),
    mingw_offset(
        "PERFORMANCE_DESCRIPTOR",
        "EndLba",
        offset_of!(scsi_speed::PerformanceDescriptor, end_lba),
    ),
    mingw_offset(
        "PERFORMANCE_DESCRIPTOR",
        "ReadSize",
        offset_of!(scsi_speed::PerformanceDescriptor, read_size),
    ),
    mingw_offset(
        "PERFORMANCE_DESCRIPTOR",
        "ReadTime",
        offset_of!(scsi_speed::PerformanceDescriptor, read_time),
    ),
    mingw_offset(
        "PERFORMANCE_DESCRIPTOR",
        "WriteSize",
        offset_of!(scsi_speed::PerformanceDescriptor, write_size),
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, RequestType)",
        offset_of!(speed::CdromSetStreaming, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, ReadSize)",
        offset_of!(speed::CdromSetStreaming, read_size) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, ReadTime)",
        offset_of!(speed::CdromSetStreaming, read_time) as i64,
        8,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, WriteSize)",
        offset_of!(speed::CdromSetStreaming, write_size) as i64,
        12,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, WriteTime)",
        offset_of!(speed::CdromSetStreaming, write_time) as i64,
        16,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, EndLba)",
        offset_of!(speed::CdromSetStreaming, end_lba) as i64,
        24,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, RotationControl)",
        offset_of!(speed::CdromSetStreaming, rotation_control) as i64,
        28,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, RestoreDefaults)",
        offset_of!(speed::CdromSetStreaming, restore_defaults) as i64,
        32,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, SetExact)",
        offset_of!(speed::CdromSetStreaming, set_exact) as i64,
        33,
    ),
    spec_value(
        "offsetof(CDROM_SET_STREAMING, RandomAccess)",
        offset_of!(speed::CdromSetStreaming, random_access) as i64,
        34,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_REQUEST, RequestType)",
        offset_of!(speed::CdromPerformanceRequest, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_REQUEST, PerformanceType)",
        offset_of!(speed::CdromPerformanceRequest, performance_type) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_REQUEST, Exceptions)",
        offset_of!(speed::CdromPerformanceRequest, exceptions) as i64,
        8,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_REQUEST, Tolerance)",
        offset_of!(speed::CdromPerformanceRequest, tolerance) as i64,
        12,
    ),
    spec_value(
        "offsetof(CDROM_WRITE_SPEED_REQUEST, RequestType)",
        offset_of!(speed::CdromWriteSpeedRequest, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_HEADER, DataLength)",
        offset_of!(speed::CdromPerformanceHeader, data_length) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_HEADER, Except/Write byte)",
        offset_of!(speed::CdromPerformanceHeader, flags) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_PERFORMANCE_HEADER, Reserved2)",
        offset_of!(speed::CdromPerformanceHeader, reserved2) as i64,
        5,
    ),
    spec_value(
        "offsetof(CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR, StartLba)",
        offset_of!(speed::CdromNominalPerformanceDescriptor, start_lba) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR, StartPerformance)",
        offset_of!(speed::CdromNominalPerformanceDescriptor, start_performance) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR, EndLba)",
        offset_of!(speed::CdromNominalPerformanceDescriptor, end_lba) as i64,
        8,
    ),
    spec_value(
        "offsetof(CDROM_NOMINAL_PERFORMANCE_DESCRIPTOR, EndPerformance)",
        offset_of!(speed::CdromNominalPerformanceDescriptor, end_performance) as i64,
        12,
    ),
    spec_value(
        "offsetof(CDROM_EXCEPTION_PERFORMANCE_DESCRIPTOR, Lba)",
        offset_of!(speed::CdromExceptionPerformanceDescriptor, lba) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_EXCEPTION_PERFORMANCE_DESCRIPTOR, Time)",
        offset_of!(speed::CdromExceptionPerformanceDescriptor, time) as i64,
        4,
    ),
    spec_value(
        "offsetof(CDROM_WRITE_SPEED_DESCRIPTOR, MixedReadWrite/Exact/WriteRotationControl byte)",
        offset_of!(speed::CdromWriteSpeedDescriptor, flags) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_WRITE_SPEED_DESCRIPTOR, Reserved3)",
        offset_of!(speed::CdromWriteSpeedDescriptor, reserved3) as i64,
        1,
    ),
    spec_value(
        "offsetof(CDROM_WRITE_SPEED_DESCRIPTOR, ReadSpeed)",
        offset_of!(speed::CdromWriteSpeedDescriptor, read_speed) as i64,
        8,
    ),
    spec_value(
        "offsetof(CDROM_WRITE_SPEED_DESCRIPTOR, WriteSpeed)",
        offset_of!(speed::CdromWriteSpeedDescriptor, write_speed) as i64,
        12,
    ),
    spec_value(
        "offsetof(CDROM_STREAMING_CONTROL, RequestType)",
        offset_of!(speed::CdromStreamingControl, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_SIMPLE_OPC_INFO, RequestType)",
        offset_of!(speed::CdromSimpleOpcInfo, request_type) as i64,
        0,
    ),
    spec_value(
        "offsetof(CDROM_SIMPLE_OPC_INFO, Exclude0)",
        offset_of!(speed::CdromSimpleOpcInfo, exclude0) as i64,
        4,
    ),
    spec_value(
        "CdromReadPerformance",
        speed::CdromPerformanceType::READ.0 as i64,
        1,
    ),
    spec_value(
        "CdromNominalPerformance",
        speed::CdromPerformanceExceptionType::NOMINAL.0 as i64,
        1,
    ),
    spec_value(
        "CdromEntirePerformanceList",
        speed::CdromPerformanceExceptionType::ENTIRE_LIST.0 as i64,
        2,
    ),
    spec_value(
        "Cdrom10Nominal20Exceptions",
        speed::CdromPerformanceToleranceType::TEN_NOMINAL_20_EXCEPTIONS.0 as i64,
        1,
    ),
    spec_value(
        "CdromStreamingDisable",
        speed::StreamingControlRequestType::DISABLE.0 as i64,
        1,
    ),
    spec_value(
        "CdromStreamingEnableForReadOnly",
        speed::StreamingControlRequestType::ENABLE_FOR_READ_ONLY.0 as i64,
        2,
    ),
    spec_value(
        "CdromStreamingEnableForWriteOnly",
        speed::StreamingControlRequestType::ENABLE_FOR_WRITE_ONLY.0 as i64,
        3,
    ),
    spec_value(
        "PERFORMANCE_DESCRIPTOR RandomAccess bit",
        scsi_speed::PerformanceDescriptor::RANDOM_ACCESS as i64,
        1,
    ),
    spec_value(
        "PERFORMANCE_DESCRIPTOR Exact bit",
        scsi_speed::PerformanceDescriptor::EXACT as i64,
        2,
    ),
    spec_value(
        "PERFORMANCE_DESCRIPTOR RestoreDefaults bit",
        scsi_speed::PerformanceDescriptor::RESTORE_DEFAULTS as i64,
        4,
    ),
    spec_value(
        "PERFORMANCE_DESCRIPTOR WriteRotationControl shift",
        scsi_speed::PerformanceDescriptor::WRC_SHIFT as i64,
        3,
    ),
    // SCSI operation codes the driver sends (scsi/mod.rs; the audio ones are
    // the audio team's items), CDB field values, GESN media events.
    mingw_const("SCSIOP_TEST_UNIT_READY", scsiop::TEST_UNIT_READY as i64),
    mingw_const("SCSIOP_REQUEST_SENSE", scsiop::REQUEST_SENSE as i64),
    mingw_const("SCSIOP_READ6", scsiop::READ6 as i64),
    mingw_const("SCSIOP_WRITE6", scsiop::WRITE6 as i64),
    mingw_const("SCSIOP_INQUIRY", scsiop::INQUIRY as i64),
    mingw_const("SCSIOP_MODE_SELECT", scsiop::MODE_SELECT6 as i64),
    mingw_const("SCSIOP_RESERVE_UNIT", scsiop::RESERVE6 as i64),
    mingw_const("SCSIOP_RELEASE_UNIT", scsiop::RELEASE6 as i64),
    mingw_const("SCSIOP_MODE_SENSE", scsiop::MODE_SENSE6 as i64),
    mingw_const(
        "SCSIOP_MEDIUM_REMOVAL",
        scsiop::PREVENT_ALLOW_MEDIUM_REMOVAL as i64,
    ),
    mingw_const("SCSIOP_READ_CAPACITY", scsiop::READ_CAPACITY as i64),
    mingw_const("SCSIOP_READ", scsiop::READ10 as i64),
    mingw_const("SCSIOP_WRITE", scsiop::WRITE10 as i64),
    mingw_const("SCSIOP_VERIFY", scsiop::VERIFY10 as i64),
    mingw_const("SCSIOP_SYNCHRONIZE_CACHE", scsiop::SYNCHRONIZE_CACHE as i64),
    mingw_const("SCSIOP_READ_TOC", scsiop::READ_TOC as i64),
    mingw_const("SCSIOP_GET_CONFIGURATION", scsiop::GET_CONFIGURATION as i64),
    mingw_const(
        "SCSIOP_GET_EVENT_STATUS",
        scsiop::GET_EVENT_STATUS_NOTIFICATION as i64,
    ),
    mingw_const(
        "SCSIOP_READ_DISC_INFORMATION",
        scsiop::READ_DISC_INFORMATION as i64,
    ),
    mingw_const(
        "SCSIOP_READ_TRACK_INFORMATION",
        scsiop::READ_TRACK_INFORMATION as i64,
    ),
    mingw_const(
        "SCSIOP_SEND_OPC_INFORMATION",
        scsiop::SEND_OPC_INFORMATION as i64,
    ),
    mingw_const("SCSIOP_RESERVE_UNIT10", scsiop::RESERVE10 as i64),
    mingw_const("SCSIOP_RELEASE_UNIT10", scsiop::RELEASE10 as i64),
    mingw_const("SCSIOP_READ12", scsiop::READ12 as i64),
    mingw_const("SCSIOP_WRITE12", scsiop::WRITE12 as i64),
    mingw_const("SCSIOP_GET_PERFORMANCE", scsiop::GET_PERFORMANCE as i64),
    mingw_const(
        "SCSIOP_READ_DVD_STRUCTURE",
        scsiop::READ_DVD_STRUCTURE as i64,
    ),
    mingw_const("SCSIOP_SET_STREAMING", scsiop::SET_STREAMING as i64),
    mingw_const("SCSIOP_READ_CD_MSF", scsiop::READ_CD_MSF as i64),
    mingw_const("SCSIOP_SET_CD_SPEED", scsiop::SET_CD_SPEED as i64),
    mingw_const("SCSIOP_MECHANISM_STATUS", scsiop::MECHANISM_STATUS as i64),
    mingw_const("SCSIOP_READ_CD", scsiop::READ_CD as i64),
    mingw_const("CD_EXPECTED_SECTOR_ANY", readcd::sector_type::ANY as i64),
    mingw_const("CD_EXPECTED_SECTOR_CDDA", readcd::sector_type::CDDA as i64),
    mingw_const(
        "CD_EXPECTED_SECTOR_MODE1",
        readcd::sector_type::MODE1 as i64,
    ),
    mingw_const(
        "CD_EXPECTED_SECTOR_MODE2",
        readcd::sector_type::MODE2_FORMLESS as i64,
    ),
    mingw_const(
        "CD_EXPECTED_SECTOR_MODE2_FORM1",
        readcd::sector_type::MODE2_FORM1 as i64,
    ),
    mingw_const(
        "CD_EXPECTED_SECTOR_MODE2_FORM2",
        readcd::sector_type::MODE2_FORM2 as i64,
    ),
    mingw_const(
        "SCSI_GET_CONFIGURATION_REQUEST_TYPE_ALL",
        readcd::rt::ALL as i64,
    ),
    mingw_const(
        "SCSI_GET_CONFIGURATION_REQUEST_TYPE_CURRENT",
        readcd::rt::CURRENT as i64,
    ),
    mingw_const(
        "SCSI_GET_CONFIGURATION_REQUEST_TYPE_ONE",
        readcd::rt::ONE as i64,
    ),
    mingw_const("FeatureProfileList", readcd::feature::PROFILE_LIST as i64),
    mingw_const("FeatureCdRead", readcd::feature::CD_READ as i64),
    mingw_const(
        "FeatureRealTimeStreaming",
        readcd::feature::REAL_TIME_STREAMING as i64,
    ),
    mingw_const(
        "NOTIFICATION_MEDIA_EVENT_NO_CHANGE",
        scsi_media::MediaEvent::NO_CHANGE.0 as i64,
    ),
    mingw_const(
        "NOTIFICATION_MEDIA_EVENT_EJECT_REQUEST",
        scsi_media::MediaEvent::EJECT_REQUEST.0 as i64,
    ),
    mingw_const(
        "NOTIFICATION_MEDIA_EVENT_NEW_MEDIA",
        scsi_media::MediaEvent::NEW_MEDIA.0 as i64,
    ),
    mingw_const(
        "NOTIFICATION_MEDIA_EVENT_MEDIA_REMOVAL",
        scsi_media::MediaEvent::MEDIA_REMOVAL.0 as i64,
    ),
    mingw_const(
        "NOTIFICATION_MEDIA_EVENT_MEDIA_CHANGE",
        scsi_media::MediaEvent::MEDIA_CHANGED.0 as i64,
    ),
    // SRB and SCSI status, sense keys (port.rs, sense.rs).
    mingw_const("SRB_STATUS_PENDING", SrbStatus::PENDING.0 as i64),
    mingw_const("SRB_STATUS_SUCCESS", SrbStatus::SUCCESS.0 as i64),
    mingw_const("SRB_STATUS_ABORTED", SrbStatus::ABORTED.0 as i64),
    mingw_const("SRB_STATUS_ERROR", SrbStatus::ERROR.0 as i64),
    mingw_const(
        "SRB_STATUS_INVALID_REQUEST",
        SrbStatus::INVALID_REQUEST.0 as i64,
    ),
    mingw_const(
        "SRB_STATUS_INVALID_PATH_ID",
        SrbStatus::INVALID_PATH_ID.0 as i64,
    ),
    mingw_const("SRB_STATUS_NO_DEVICE", SrbStatus::NO_DEVICE.0 as i64),
    mingw_const("SRB_STATUS_TIMEOUT", SrbStatus::TIMEOUT.0 as i64),
    mingw_const(
        "SRB_STATUS_SELECTION_TIMEOUT",
        SrbStatus::SELECTION_TIMEOUT.0 as i64,
    ),
    mingw_const(
        "SRB_STATUS_COMMAND_TIMEOUT",
        SrbStatus::COMMAND_TIMEOUT.0 as i64,
    ),
    mingw_const("SRB_STATUS_BUS_RESET", SrbStatus::BUS_RESET.0 as i64),
    mingw_const("SRB_STATUS_PARITY_ERROR", SrbStatus::PARITY_ERROR.0 as i64),
    mingw_const("SRB_STATUS_NO_HBA", SrbStatus::NO_HBA.0 as i64),
    mingw_const("SRB_STATUS_DATA_OVERRUN", SrbStatus::DATA_OVERRUN.0 as i64),
    mingw_const(
        "SRB_STATUS_UNEXPECTED_BUS_FREE",
        SrbStatus::UNEXPECTED_BUS_FREE.0 as i64,
    ),
    mingw_const(
        "SRB_STATUS_PHASE_SEQUENCE_FAILURE",
        SrbStatus::PHASE_SEQUENCE_FAILURE.0 as i64,
    ),
    mingw_const(
        "SRB_STATUS_REQUEST_FLUSHED",
        SrbStatus::REQUEST_FLUSHED.0 as i64,
    ),
    mingw_const("SRB_STATUS_INVALID_LUN", SrbStatus::INVALID_LUN.0 as i64),
    mingw_const(
        "SRB_STATUS_INVALID_TARGET_ID",
        SrbStatus::INVALID_TARGET_ID.0 as i64,
    ),
    mingw_const(
        "SRB_STATUS_INTERNAL_ERROR",
        SrbStatus::INTERNAL_ERROR.0 as i64,
    ),
    mingw_const("SCSISTAT_GOOD", scsi_status::GOOD as i64),
    mingw_const(
        "SCSISTAT_CHECK_CONDITION",
        scsi_status::CHECK_CONDITION as i64,
    ),
    mingw_const("SCSISTAT_BUSY", scsi_status::BUSY as i64),
    mingw_const(
        "SCSISTAT_RESERVATION_CONFLICT",
        scsi_status::RESERVATION_CONFLICT as i64,
    ),
    mingw_const("SCSI_SENSE_NO_SENSE", sense_key::NO_SENSE as i64),
    mingw_const(
        "SCSI_SENSE_RECOVERED_ERROR",
        sense_key::RECOVERED_ERROR as i64,
    ),
    mingw_const("SCSI_SENSE_NOT_READY", sense_key::NOT_READY as i64),
    mingw_const("SCSI_SENSE_MEDIUM_ERROR", sense_key::MEDIUM_ERROR as i64),
    mingw_const(
        "SCSI_SENSE_HARDWARE_ERROR",
        sense_key::HARDWARE_ERROR as i64,
    ),
    mingw_const(
        "SCSI_SENSE_ILLEGAL_REQUEST",
        sense_key::ILLEGAL_REQUEST as i64,
    ),
    mingw_const(
        "SCSI_SENSE_UNIT_ATTENTION",
        sense_key::UNIT_ATTENTION as i64,
    ),
    mingw_const("SCSI_SENSE_DATA_PROTECT", sense_key::DATA_PROTECT as i64),
    mingw_const("SCSI_SENSE_BLANK_CHECK", sense_key::BLANK_CHECK as i64),
    mingw_const(
        "SCSI_SENSE_ABORTED_COMMAND",
        sense_key::ABORTED_COMMAND as i64,
    ),
    // Fields of the TOC, configuration, geometry, inquiry and audio
    // structures that the TOC/info and audio teams' items leave out (mostly
    // the first field of each; bit fields have no offsetof).
    mingw_offset(
        "TRACK_DATA",
        "Reserved",
        offset_of!(abi_toc::TrackData, reserved),
    ),
    mingw_offset(
        "CDROM_TOC_SESSION_DATA",
        "Length",
        offset_of!(abi_toc::CdromTocSessionData, length),
    ),
    mingw_offset(
        "CDROM_TOC_FULL_TOC_DATA",
        "Length",
        offset_of!(abi_toc::CdromTocFullTocData, length),
    ),
    mingw_offset(
        "CDROM_TOC_FULL_TOC_DATA_BLOCK",
        "SessionNumber",
        offset_of!(abi_toc::CdromTocFullTocDataBlock, session_number),
    ),
    mingw_offset(
        "CDROM_TOC_PMA_DATA",
        "Length",
        offset_of!(abi_toc::CdromTocPmaData, length),
    ),
    mingw_offset(
        "CDROM_TOC_ATIP_DATA",
        "Length",
        offset_of!(abi_toc::CdromTocAtipData, length),
    ),
    mingw_offset(
        "CDROM_TOC_ATIP_DATA",
        "Reserved1",
        offset_of!(abi_toc::CdromTocAtipData, reserved1),
    ),
    mingw_offset(
        "CDROM_TOC_ATIP_DATA_BLOCK",
        "Reserved9",
        offset_of!(abi_toc::CdromTocAtipDataBlock, reserved9),
    ),
    mingw_offset(
        "CDROM_TOC_ATIP_DATA_BLOCK",
        "Reserved10",
        offset_of!(abi_toc::CdromTocAtipDataBlock, reserved10),
    ),
    mingw_offset(
        "CDROM_TOC_ATIP_DATA_BLOCK",
        "Reserved11",
        offset_of!(abi_toc::CdromTocAtipDataBlock, reserved11),
    ),
    mingw_offset(
        "CDROM_TOC_CD_TEXT_DATA",
        "Length",
        offset_of!(abi_toc::CdromTocCdTextData, length),
    ),
    mingw_offset(
        "CDROM_TOC_CD_TEXT_DATA",
        "Reserved1",
        offset_of!(abi_toc::CdromTocCdTextData, reserved1),
    ),
    mingw_offset(
        "CDROM_TOC_CD_TEXT_DATA_BLOCK",
        "PackType",
        offset_of!(abi_toc::CdromTocCdTextDataBlock, pack_type),
    ),
    mingw_offset(
        "GET_CONFIGURATION_HEADER",
        "DataLength",
        offset_of!(abi_config::GetConfigurationHeader, data_length),
    ),
    mingw_offset(
        "FEATURE_HEADER",
        "FeatureCode",
        offset_of!(abi_config::FeatureHeader, feature_code),
    ),
    mingw_offset(
        "DISK_GEOMETRY",
        "Cylinders",
        offset_of!(abi_disk::DiskGeometry, cylinders),
    ),
    mingw_offset(
        "DISK_GEOMETRY_EX",
        "Geometry",
        offset_of!(abi_disk::DiskGeometryEx, geometry),
    ),
    mingw_offset(
        "GET_LENGTH_INFORMATION",
        "Length",
        offset_of!(abi_disk::GetLengthInformation, length),
    ),
    mingw_offset(
        "STORAGE_READ_CAPACITY",
        "Version",
        offset_of!(abi_disk::StorageReadCapacity, version),
    ),
    mingw_offset(
        "INQUIRYDATA",
        "Versions",
        offset_of!(scsi_cfg::InquiryData, versions),
    ),
    mingw_offset(
        "INQUIRYDATA",
        "Reserved",
        offset_of!(scsi_cfg::InquiryData, flags),
    ),
    mingw_offset(
        "READ_CAPACITY_DATA",
        "LogicalBlockAddress",
        offset_of!(scsi_cfg::ReadCapacityData, logical_block_address),
    ),
    mingw_offset(
        "CDROM_PLAY_AUDIO_MSF",
        "StartingM",
        offset_of!(abi_audio::CdromPlayAudioMsf, starting_m),
    ),
    mingw_offset(
        "CDROM_PLAY_AUDIO_MSF",
        "StartingS",
        offset_of!(abi_audio::CdromPlayAudioMsf, starting_s),
    ),
    mingw_offset(
        "CDROM_PLAY_AUDIO_MSF",
        "StartingF",
        offset_of!(abi_audio::CdromPlayAudioMsf, starting_f),
    ),
    mingw_offset(
        "CDROM_PLAY_AUDIO_MSF",
        "EndingS",
        offset_of!(abi_audio::CdromPlayAudioMsf, ending_s),
    ),
    mingw_offset(
        "CDROM_PLAY_AUDIO_MSF",
        "EndingF",
        offset_of!(abi_audio::CdromPlayAudioMsf, ending_f),
    ),
    mingw_offset(
        "CDROM_SEEK_AUDIO_MSF",
        "M",
        offset_of!(abi_audio::CdromSeekAudioMsf, m),
    ),
    mingw_offset(
        "CDROM_SEEK_AUDIO_MSF",
        "S",
        offset_of!(abi_audio::CdromSeekAudioMsf, s),
    ),
    mingw_offset(
        "CDROM_SUB_Q_DATA_FORMAT",
        "Format",
        offset_of!(abi_audio::CdromSubQDataFormat, format),
    ),
    mingw_offset(
        "SUB_Q_HEADER",
        "Reserved",
        offset_of!(abi_audio::SubQHeader, reserved),
    ),
    mingw_offset(
        "SUB_Q_CURRENT_POSITION",
        "Header",
        offset_of!(abi_audio::SubQCurrentPosition, header),
    ),
    mingw_offset(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "Header",
        offset_of!(abi_audio::SubQMediaCatalogNumber, header),
    ),
    mingw_offset(
        "SUB_Q_MEDIA_CATALOG_NUMBER",
        "FormatCode",
        offset_of!(abi_audio::SubQMediaCatalogNumber, format_code),
    ),
    mingw_offset(
        "SUB_Q_TRACK_ISRC",
        "Header",
        offset_of!(abi_audio::SubQTrackIsrc, header),
    ),
    mingw_offset(
        "SUB_Q_TRACK_ISRC",
        "FormatCode",
        offset_of!(abi_audio::SubQTrackIsrc, format_code),
    ),
    mingw_offset(
        "VOLUME_CONTROL",
        "PortVolume",
        offset_of!(abi_audio::VolumeControl, port_volume),
    ),
    mingw_offset(
        "AUDIO_OUTPUT",
        "CodePage",
        offset_of!(scsi_aud::AudioOutput, code_page),
    ),
    mingw_offset(
        "AUDIO_OUTPUT",
        "ParameterLength",
        offset_of!(scsi_aud::AudioOutput, parameter_length),
    ),
    mingw_offset(
        "AUDIO_OUTPUT",
        "Reserved",
        offset_of!(scsi_aud::AudioOutput, reserved),
    ),
    mingw_offset(
        "PORT_OUTPUT",
        "ChannelSelection",
        offset_of!(scsi_aud::PortOutput, channel_selection),
    ),
    mingw_offset(
        "PORT_OUTPUT",
        "Volume",
        offset_of!(scsi_aud::PortOutput, volume),
    ),
];

// Shorthands for the items above, and the modules they name that the
// items further up do not import. (Kept at the end of the file so the
// families' items stay independent of each other.)

use cdfilter_core::abi::{
    audio as abi_audio, config as abi_config, disk as abi_disk, exclusive, rawread, toc as abi_toc,
};
use cdfilter_core::port::{scsi_status, SrbStatus};
use cdfilter_core::scsi::opcode as scsiop;
use cdfilter_core::scsi::{
    audio as scsi_aud, config as scsi_cfg, media as scsi_media, readcd, speed as scsi_speed,
};
use cdfilter_core::sense::key as sense_key;

/// `sizeof(c)` from mingw.
const fn mingw_size(c: &'static str, rust: usize) -> Item {
    Item::Size { c, rust }
}

/// `offsetof(c, field)` from mingw.
const fn mingw_offset(c: &'static str, field: &'static str, rust: usize) -> Item {
    Item::Offset { c, field, rust }
}

/// A constant or enumerator from mingw.
const fn mingw_const(c: &'static str, rust: i64) -> Item {
    Item::Const { c, rust }
}

/// A value mingw lacks, compared with the spec's number.
const fn spec_value(name: &'static str, rust: i64, spec: i64) -> Item {
    Item::Spec { name, rust, spec }
}
