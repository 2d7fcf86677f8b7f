/*
 * A stand-in for a reader vendor's SDTAPI library (sdtapi.dll on Windows, a
 * shared object elsewhere), built by the tests with gcc. Same exports and
 * signatures as the vendor header (int, __stdcall on Windows), same return
 * codes (0x90 success, 0x9F card found, 0x80 no card, 0x01 port failed, ...).
 *
 * What lies on the "reader" is described by a state file the test writes,
 * next to the library (sdtapi-standin.state) or named by SDT_STANDIN_STATE.
 * It is read again at every call, one directive per line:
 *   card <n> <path>   presentation n of the 256-byte text block at <path>
 *                     (a new n = the card was lifted and presented again);
 *   card <n> none     nothing on the reader;
 *   open|find|select|read <hex>   that call answers this code instead;
 *   hold-read         SDT_ReadBaseMsg blocks until this line is gone.
 * Every call is appended to sdtapi-standin.log ("find 9F"), so a test can
 * count polls without timing anything.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef _WIN32
#define SDTAPI __declspec(dllexport) int __stdcall
#else
#define SDTAPI __attribute__((visibility("default"))) int
#endif

static char state_path[4160];
static char log_path[4224];
static int open_port = 0;
/* the presentation read last: a card left on the reader answers "no card" (80) after its read */
static long read_seq = -1;

struct state {
  long seq;
  char card[4096];
  int open, find, select, read;
  int hold;
};

static void paths(void) {
  if (state_path[0]) return;
  const char *env = getenv("SDT_STANDIN_STATE");
  if (env && env[0]) {
    snprintf(state_path, sizeof state_path, "%s", env);
  } else {
    Dl_info info;
    char dir[4000] = ".";
    if (dladdr((void *)paths, &info) && info.dli_fname) {
      snprintf(dir, sizeof dir, "%s", info.dli_fname);
      char *slash = strrchr(dir, '/');
      if (slash) *slash = 0; else strcpy(dir, ".");
    }
    snprintf(state_path, sizeof state_path, "%s/sdtapi-standin.state", dir);
  }
  snprintf(log_path, sizeof log_path, "%s.log", state_path);
  /* sdtapi-standin.state.log is clumsy: name it sdtapi-standin.log when the default name is used */
  char *dot = strstr(log_path, ".state.log");
  if (dot) strcpy(dot, ".log");
}

static void load(struct state *s) {
  memset(s, 0, sizeof *s);
  s->seq = -1;
  s->open = s->find = s->select = s->read = -1;
  FILE *f = fopen(state_path, "r");
  if (!f) return;
  char line[4300];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = 0;
    long seq;
    char card[4096];
    unsigned code;
    if (sscanf(line, "card %ld %4095s", &seq, card) == 2) {
      s->seq = strcmp(card, "none") == 0 ? -1 : seq;
      snprintf(s->card, sizeof s->card, "%s", strcmp(card, "none") == 0 ? "" : card);
    } else if (strcmp(line, "hold-read") == 0) {
      s->hold = 1;
    } else if (sscanf(line, "open %x", &code) == 1) {
      s->open = (int)code;
    } else if (sscanf(line, "find %x", &code) == 1) {
      s->find = (int)code;
    } else if (sscanf(line, "select %x", &code) == 1) {
      s->select = (int)code;
    } else if (sscanf(line, "read %x", &code) == 1) {
      s->read = (int)code;
    }
  }
  fclose(f);
}

static int logged(const char *what, int ret) {
  FILE *f = fopen(log_path, "a");
  if (f) {
    fprintf(f, "%s %02X\n", what, ret);
    fclose(f);
  }
  return ret;
}

static void nap_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static int port_ok(int port, int if_open) {
  return if_open || (open_port != 0 && port == open_port);
}

SDTAPI SDT_OpenPort(int iPort) {
  struct state s;
  paths();
  load(&s);
  if (s.open >= 0) return logged("open", s.open);
  if (!((iPort >= 1 && iPort <= 16) || (iPort >= 1001 && iPort <= 1016))) return logged("open", 0x01);
  open_port = iPort;
  return logged("open", 0x90);
}

SDTAPI SDT_ClosePort(int iPort) {
  paths();
  if (iPort == open_port) open_port = 0;
  return logged("close", 0x90);
}

SDTAPI SDT_StartFindIDCard(int iPort, unsigned char *pucIIN, int iIfOpen) {
  struct state s;
  paths();
  if (!port_ok(iPort, iIfOpen)) return logged("find", 0x01);
  load(&s);
  if (s.find >= 0) return logged("find", s.find);
  if (s.seq < 0 || s.seq == read_seq) return logged("find", 0x80);
  if (pucIIN) memset(pucIIN, 0, 4);
  return logged("find", 0x9F);
}

SDTAPI SDT_SelectIDCard(int iPort, unsigned char *pucSN, int iIfOpen) {
  struct state s;
  paths();
  if (!port_ok(iPort, iIfOpen)) return logged("select", 0x01);
  load(&s);
  if (s.select >= 0) return logged("select", s.select);
  if (s.seq < 0) return logged("select", 0x81);
  if (pucSN) {
    for (int i = 0; i < 8; i++) pucSN[i] = (unsigned char)(0x11 * (i + 1));
  }
  return logged("select", 0x90);
}

SDTAPI SDT_ReadBaseMsg(int iPort, unsigned char *pucCHMsg, unsigned int *puiCHMsgLen, unsigned char *pucPHMsg, unsigned int *puiPHMsgLen, int iIfOpen) {
  struct state s;
  paths();
  if (!port_ok(iPort, iIfOpen)) return logged("read", 0x01);
  load(&s);
  if (s.hold) {
    logged("read-held", 0);
    /* a slow SAM: blocks the calling thread, at most a minute */
    for (int i = 0; i < 6000 && s.hold; i++) {
      nap_ms(10);
      load(&s);
    }
  }
  if (s.read >= 0) return logged("read", s.read);
  if (s.seq < 0) return logged("read", 0x41);
  FILE *f = fopen(s.card, "rb");
  if (!f) return logged("read", 0x41);
  size_t n = fread(pucCHMsg, 1, 256, f);
  fclose(f);
  *puiCHMsgLen = (unsigned int)n;
  memset(pucPHMsg, 0x5A, 1024);
  *puiPHMsgLen = 1024;
  read_seq = s.seq;
  return logged("read", 0x90);
}
