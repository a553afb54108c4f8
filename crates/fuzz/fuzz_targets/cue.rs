//! Cue sheets: any text through `Disc::from_cue_str`, as a cue sheet in a
//! scratch directory that holds a few files the sheet may name (raw BIN
//! files of whole and partial sectors, a WAVE file, an empty file, a file
//! named in upper case). A sheet naming a path outside the directory is
//! skipped: the parser opens what the sheet names, and the fuzzer must not
//! read the machine's files. When a disc results, its layout queries and a
//! few sectors of every track are read.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use cdfilter_host::disc::Disc;
use libfuzzer_sys::fuzz_target;

fn wave(samples: usize) -> Vec<u8> {
    let data = samples * 4;
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&[1, 0, 2, 0]);
    v.extend_from_slice(&44100u32.to_le_bytes());
    v.extend_from_slice(&(44100u32 * 4).to_le_bytes());
    v.extend_from_slice(&[4, 0, 16, 0]);
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data as u32).to_le_bytes());
    v.extend((0..data).map(|i| (i * 7) as u8));
    v
}

fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("cdfilter-fuzz-cue-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        let files: [(&str, Vec<u8>); 6] = [
            ("a.bin", (0..2352 * 8).map(|i| (i % 251) as u8).collect()),
            ("b.bin", vec![0x5A; 2352 * 3 + 100]),
            ("c.iso", vec![0; 2048 * 4]),
            ("d.wav", wave(588 * 5 + 17)),
            ("e.bin", Vec::new()),
            ("UPPER.BIN", vec![1; 2352 * 2]),
        ];
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).expect("scratch file");
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if text.contains(['/', '\\']) || text.len() > 4096 {
        return;
    }
    let Ok(disc) = Disc::from_cue_str(text, &scratch().join("fuzz.cue")) else {
        return;
    };
    let leadout = disc.leadout();
    let _ = (
        disc.first_track(),
        disc.last_track(),
        disc.cdtext_packs().len(),
    );
    let mut main = [0u8; 2352];
    let mut user = [0u8; 2352];
    for t in &disc.tracks {
        let _ = t.length();
        for lba in [t.pregap_start, t.start, t.end.saturating_sub(1), t.end] {
            let _ = (disc.area(lba), disc.sector_kind(lba), disc.track_at(lba));
            let _ = (
                disc.q_channel(lba),
                disc.subchannel_pw(lba),
                t.index_at(lba),
            );
            let _ = disc.read_main(lba, &mut main);
            let _ = disc.user_data(lba, &mut user);
        }
    }
    let _ = disc.area(leadout);
});
