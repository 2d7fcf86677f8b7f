// Files in and out of the admin page: a picked file as base64 or text, a download from bytes or text.

export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** A picked text file as UTF-8, without a byte-order mark. */
export async function readText(file: File): Promise<string> {
  return (await file.text()).replace(/^\uFEFF/, '');
}

function save(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function download(fileName: string, mime: string, base64: string): void {
  save(fileName, new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: mime }));
}

export function downloadText(fileName: string, mime: string, text: string): void {
  save(fileName, new Blob([text], { type: mime }));
}
