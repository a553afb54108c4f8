//! What the KMDF glue defines itself, checked against mingw-w64's headers:
//! the x64 `SCSI_REQUEST_BLOCK` it hands to the port driver (every offset),
//! the SRB constants and `IOCTL_SCSI_EXECUTE_*` codes, and the PnP event
//! GUIDs it reports. On Windows the port driver reads that block with the
//! WDK's definition, so a wrong offset here would be a wrong command there.
//! The two exclusive-lock GUIDs are not in mingw-w64; they are compared with
//! the values Microsoft documents for `DEV_BROADCAST_HANDLE` events.
//!
//! The facade's `TARGET_DEVICE_CUSTOM_NOTIFICATION` (the Linux stand-in for
//! wdk-sys', whose layout the glue sizes the notification by) is compared
//! too.
#![cfg(not(windows))]

use std::mem::{offset_of, size_of};

use cdfilter::srb::{self, Direction, GuidParts, ScsiRequestBlock};
use cdfilter::wdk::TARGET_DEVICE_CUSTOM_NOTIFICATION;

#[path = "../crates/core/tests/mingw/mod.rs"]
mod mingw;

use mingw::{skip_without_compiler, Unit, INCLUDE};

/// (C expression, the glue's value).
fn items() -> Vec<(String, i64)> {
    let mut v: Vec<(String, i64)> = Vec::new();
    let mut offset = |field: &str, rust: usize| {
        v.push((
            format!("offsetof(SCSI_REQUEST_BLOCK, {field})"),
            rust as i64,
        ));
    };
    type Srb = ScsiRequestBlock;
    offset("Length", offset_of!(Srb, length));
    offset("Function", offset_of!(Srb, function));
    offset("SrbStatus", offset_of!(Srb, srb_status));
    offset("ScsiStatus", offset_of!(Srb, scsi_status));
    offset("PathId", offset_of!(Srb, path_id));
    offset("TargetId", offset_of!(Srb, target_id));
    offset("Lun", offset_of!(Srb, lun));
    offset("QueueTag", offset_of!(Srb, queue_tag));
    offset("QueueAction", offset_of!(Srb, queue_action));
    offset("CdbLength", offset_of!(Srb, cdb_length));
    offset(
        "SenseInfoBufferLength",
        offset_of!(Srb, sense_info_buffer_length),
    );
    offset("SrbFlags", offset_of!(Srb, srb_flags));
    offset("DataTransferLength", offset_of!(Srb, data_transfer_length));
    offset("TimeOutValue", offset_of!(Srb, time_out_value));
    offset("DataBuffer", offset_of!(Srb, data_buffer));
    offset("SenseInfoBuffer", offset_of!(Srb, sense_info_buffer));
    offset("NextSrb", offset_of!(Srb, next_srb));
    offset("OriginalRequest", offset_of!(Srb, original_request));
    offset("SrbExtension", offset_of!(Srb, srb_extension));
    offset("InternalStatus", offset_of!(Srb, internal_status));
    offset("Reserved", offset_of!(Srb, reserved));
    offset("Cdb", offset_of!(Srb, cdb));
    type Tdcn = TARGET_DEVICE_CUSTOM_NOTIFICATION;
    let mut notification = |field: &str, rust: usize| {
        v.push((
            format!("offsetof(TARGET_DEVICE_CUSTOM_NOTIFICATION, {field})"),
            rust as i64,
        ));
    };
    notification("Version", offset_of!(Tdcn, Version));
    notification("Size", offset_of!(Tdcn, Size));
    notification("Event", offset_of!(Tdcn, Event));
    notification("FileObject", offset_of!(Tdcn, FileObject));
    notification("NameBufferOffset", offset_of!(Tdcn, NameBufferOffset));
    notification("CustomDataBuffer", offset_of!(Tdcn, CustomDataBuffer));
    v.extend([
        (
            "sizeof(SCSI_REQUEST_BLOCK)".to_owned(),
            size_of::<Srb>() as i64,
        ),
        (
            "sizeof(TARGET_DEVICE_CUSTOM_NOTIFICATION)".to_owned(),
            size_of::<Tdcn>() as i64,
        ),
    ]);
    let constants: [(&str, i64); 12] = [
        (
            "SRB_FUNCTION_EXECUTE_SCSI",
            srb::FUNCTION_EXECUTE_SCSI.into(),
        ),
        ("SP_UNTAGGED", srb::SP_UNTAGGED.into()),
        ("SRB_SIMPLE_TAG_REQUEST", srb::SIMPLE_TAG_REQUEST.into()),
        (
            "SRB_FLAGS_DISABLE_SYNCH_TRANSFER",
            srb::FLAGS_DISABLE_SYNCH_TRANSFER.into(),
        ),
        ("SRB_FLAGS_DATA_IN", Direction::In.flag().into()),
        ("SRB_FLAGS_DATA_OUT", Direction::Out.flag().into()),
        (
            "SRB_FLAGS_NO_QUEUE_FREEZE",
            srb::FLAGS_NO_QUEUE_FREEZE.into(),
        ),
        ("SRB_STATUS_QUEUE_FROZEN", srb::STATUS_QUEUE_FROZEN.into()),
        (
            "SRB_STATUS_AUTOSENSE_VALID",
            srb::STATUS_AUTOSENSE_VALID.into(),
        ),
        ("IOCTL_SCSI_EXECUTE_IN", Direction::In.ioctl().into()),
        ("IOCTL_SCSI_EXECUTE_OUT", Direction::Out.ioctl().into()),
        ("IOCTL_SCSI_EXECUTE_NONE", Direction::None.ioctl().into()),
    ];
    v.extend(constants.iter().map(|&(c, r)| (c.to_owned(), r)));
    v
}

#[test]
fn the_glues_srb_constants_and_notification_match_mingw() {
    let items = items();
    let mut unit =
        Unit::new("#include <ntddk.h>\n#include <srb.h>\n#include <scsi.h>\n#include <stddef.h>\n");
    for (expr, _) in &items {
        unit.emit(expr.clone(), expr, None);
    }
    let Some(c) = unit.values() else {
        skip_without_compiler();
        return;
    };
    let mismatches: Vec<String> = items
        .iter()
        .filter(|(expr, rust)| c.get(expr) != Some(rust))
        .map(|(expr, rust)| format!("{expr}: mingw {:?}, glue {rust}", c.get(expr)))
        .collect();
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(items.len(), 42, "every item was compared");
}

/// The arguments of `DEFINE_GUID(name, ...)` in a mingw-w64 header.
fn define_guid(header: &str, name: &str) -> Option<GuidParts> {
    let text = std::fs::read_to_string(format!("{INCLUDE}/{header}")).ok()?;
    let args = text
        .split("DEFINE_GUID(")
        .find_map(|rest| rest.strip_prefix(&format!("{name},")))?;
    let args = args.split(')').next()?;
    let n: Vec<u64> = args
        .split(',')
        .map(|a| u64::from_str_radix(a.trim().trim_start_matches("0x").trim_end_matches('L'), 16))
        .collect::<Result<_, _>>()
        .ok()?;
    let data4: [u8; 8] = n
        .get(3..11)?
        .iter()
        .map(|&b| b as u8)
        .collect::<Vec<_>>()
        .try_into()
        .ok()?;
    Some((
        *n.first()? as u32,
        *n.get(1)? as u16,
        *n.get(2)? as u16,
        data4,
    ))
}

#[test]
fn the_media_event_guids_match_mingws_ioevent_h() {
    if !std::path::Path::new(&format!("{INCLUDE}/ioevent.h")).exists() {
        skip_without_compiler();
        return;
    }
    for (name, glue) in [
        ("GUID_IO_MEDIA_ARRIVAL", srb::GUID_IO_MEDIA_ARRIVAL),
        ("GUID_IO_MEDIA_REMOVAL", srb::GUID_IO_MEDIA_REMOVAL),
        (
            "GUID_IO_MEDIA_EJECT_REQUEST",
            srb::GUID_IO_MEDIA_EJECT_REQUEST,
        ),
    ] {
        assert_eq!(define_guid("ioevent.h", name), Some(glue), "{name}");
    }
}

/// `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` as `DEFINE_GUID` spells it.
fn parse_registry_form(s: &str) -> GuidParts {
    let hex: String = s.chars().filter(char::is_ascii_hexdigit).collect();
    let byte = |i: usize| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex");
    let mut data4 = [0u8; 8];
    for (i, b) in data4.iter_mut().enumerate() {
        *b = byte(8 + i);
    }
    (
        u32::from_str_radix(&hex[..8], 16).expect("hex"),
        u16::from_str_radix(&hex[8..12], 16).expect("hex"),
        u16::from_str_radix(&hex[12..16], 16).expect("hex"),
        data4,
    )
}

#[test]
fn the_exclusive_lock_guids_are_the_documented_ones() {
    // Microsoft's documentation of DEV_BROADCAST_HANDLE custom events.
    assert_eq!(
        srb::GUID_IO_CDROM_EXCLUSIVE_LOCK,
        parse_registry_form("bc56c139-7a10-47ee-a294-4c6a38f0149a")
    );
    assert_eq!(
        srb::GUID_IO_CDROM_EXCLUSIVE_UNLOCK,
        parse_registry_form("a3b6d27d-5e35-4885-81e5-ee18c00ed779")
    );
}
