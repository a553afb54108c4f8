//! The READ TOC/PMA/ATIP answer view, every format: any bytes, any
//! "received" length (the first byte picks how many of the rest arrived).
//! No accessor may panic, every descriptor must lie inside both the bytes
//! received and the answer's own length field, and every address must
//! convert without overflow.
#![no_main]

use cdfilter_core::abi::toc::{CdromTocFullTocDataBlock, TrackData};
use cdfilter_core::scsi::msf::Msf;
use cdfilter_core::scsi::toc::{TocView, HEADER_LEN};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&cut, rest)) = data.split_first() else {
        return;
    };
    let received = &rest[..(usize::from(cut) * 4).min(rest.len())];
    let Ok(v) = TocView::new_checked(received) else {
        assert!(received.len() < HEADER_LEN);
        return;
    };
    let len = v.len();
    assert!(len <= received.len());
    assert!(len <= usize::from(v.data_length()) + 2);
    assert!(v.body().len() <= len.saturating_sub(HEADER_LEN));
    let _ = (v.first(), v.last(), v.is_empty());
    let tracks: &[TrackData] = v.tracks();
    assert!(size_of_val(tracks) <= v.body().len());
    for t in tracks {
        let _ = (t.control(), t.adr(), t.lba());
        let msf = t.msf();
        let _ = (msf.to_lba(), msf.to_lba_signed(), msf.frames());
        let _ = Msf::from_bytes(msf.to_bytes()).map(Msf::to_address);
    }
    let _ = (v.lead_out(), v.track(v.first()), v.track(v.last()));
    let full: &[CdromTocFullTocDataBlock] = v.full_toc();
    for e in full {
        let _ = (
            e.control(),
            e.adr(),
            Msf::from_bytes(e.msf).and_then(Msf::to_lba),
        );
    }
    if let Some(a) = v.atip() {
        let _ = (a.is_cdrw(), a.write_power());
    }
    for p in v.cd_text() {
        let _ = (p.pack(), p.track_number(), p.block_number(), p.unicode());
    }
    // Any LBA the TOC could name converts to MSF and back, or is refused.
    let lba = u32::from_be_bytes([cut, cut, cut, cut]);
    if let Some(m) = Msf::from_lba(lba) {
        assert_eq!(m.to_lba(), Some(lba));
    }
});
