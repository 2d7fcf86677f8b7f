# Run: python3 assets/sounds/make-clips.py assets/sounds
# Generates assets/sounds/*.wav with espeak-ng (Mandarin), shrunk to 11 kHz 8-bit mono.
import subprocess, wave, struct, os, sys
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
DIG = '零一二三四五六七八九'
clips = {'qing': '请', 'haodao': '号到', 'dash': '杠', 'paizhao': '拍照'}
for i, c in enumerate(DIG): clips[f'd{i}'] = c
for c in 'ABCDEFGHIJKLMNOPQRSTUVWXYZ': clips[c] = c
for name, text in clips.items():
    tmp = f'/tmp/clip-{name}.wav'
    subprocess.run(['espeak-ng', '-v', 'cmn', '-s', '150', '-w', tmp, text], check=True)
    with wave.open(tmp) as w:
        rate, n = w.getframerate(), w.getnframes()
        samples = struct.unpack(f'<{n}h', w.readframes(n))
    # trim leading/trailing silence
    thr = 300
    idx = [i for i, s in enumerate(samples) if abs(s) > thr]
    if idx: samples = samples[max(0, idx[0] - 200): idx[-1] + 400]
    half = [(samples[i] + samples[i + 1]) // 2 for i in range(0, len(samples) - 1, 2)]
    data = bytes(max(0, min(255, (s >> 8) + 128)) for s in half)
    with wave.open(os.path.join(out, f'{name}.wav'), 'wb') as w:
        w.setnchannels(1); w.setsampwidth(1); w.setframerate(rate // 2); w.writeframes(data)
