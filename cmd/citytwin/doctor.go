package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"citytwin/loaders/limit"
	"citytwin/loaders/remote"
	"citytwin/loaders/scenefile"
	"citytwin/scene"
)

// check is one line of the doctor's findings: ok, or a problem with what
// to do about it.
type check struct {
	what, detail string
	ok           bool
	// fix says what to do (problems only).
	fix string
}

// doctor collects checks.
type doctor struct {
	checks []check
}

func (d *doctor) ok(what, detail string) {
	d.checks = append(d.checks, check{what: what, detail: detail, ok: true})
}

func (d *doctor) problem(what, detail, fix string) {
	d.checks = append(d.checks, check{what: what, detail: detail, fix: fix})
}

// runDoctor is `citytwin doctor`: a set-up check for a kiosk or a council
// laptop. It exits 0 when everything checked is usable, else 1 with a short
// list of what to fix.
func runDoctor(args []string) int {
	fs := flag.NewFlagSet("citytwin doctor", flag.ContinueOnError)
	lang := fs.String("lang", "", "user interface language `CODE` whose letters the font must cover (default: from $LANG, else en)")
	votes := fs.String("votes", "", "votes `FILE` the kiosk will append to (must be writable)")
	cache := fs.String("cache", "", "cache `DIR` (must be creatable and writable)")
	var lives stringList
	fs.Var(&lives, "live", "also check live source `URL` (repeatable)")
	timeout := fs.Duration("timeout", 5*time.Second, "how long each live source gets to connect")
	noDisplay := fs.Bool("no-display", false, "skip the display and OpenGL checks (a server feeding kiosks)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: citytwin doctor [-lang CODE] [-votes FILE] [-cache DIR] [-live URL]... [-no-display] [FILE...]\n\n"+
			"Checks that this machine can run the viewer on the scene: display and OpenGL, the\n"+
			"window program citytwin-view, the font for the language, every file the scene names,\n"+
			"every live source (connecting to each), and the votes and cache folders. Prints one\n"+
			"line per check; exits 0 when all is well, else 1 with a list of what to fix.\n"+
			"With no FILE it checks the built-in demo.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	if *timeout <= 0 {
		fmt.Fprintln(os.Stderr, "citytwin doctor: -timeout must be positive")
		return exitUsage
	}
	d := &doctor{}
	if *noDisplay {
		d.ok("display", "not checked (-no-display)")
	} else {
		d.checkDisplay()
	}
	d.checkFont(languageCode(*lang))
	sc := d.checkScene(fs.Args())
	d.checkLive(sc, lives, *timeout)
	if *votes != "" {
		d.checkVotes(*votes)
	}
	if *cache != "" {
		d.checkCache(*cache)
	}
	return d.print(os.Stdout)
}

// print writes one line per check and the list of fixes; it returns the
// exit status.
func (d *doctor) print(w io.Writer) int {
	var fixes []string
	for _, c := range d.checks {
		mark := "ok  "
		if !c.ok {
			mark = "FAIL"
			fixes = append(fixes, c.what+": "+c.fix)
		}
		fmt.Fprintf(w, "%s  %-22s %s\n", mark, c.what, c.detail)
	}
	if len(fixes) == 0 {
		fmt.Fprintln(w, "\nAll is well.")
		return exitOK
	}
	fmt.Fprintf(w, "\nTo fix (%d):\n", len(fixes))
	for _, f := range fixes {
		fmt.Fprintln(w, "  - "+f)
	}
	return exitFailure
}

// checkScene checks that every file the command line and the scene name
// is readable, then loads the scene as the viewer would. It returns the
// scene (nil when it cannot be loaded).
func (d *doctor) checkScene(paths []string) *scene.Scene {
	if len(paths) == 0 {
		d.ok("scene", "the built-in demo")
	}
	for _, p := range paths {
		if err := readable(p); err != nil {
			d.problem("scene file", fmt.Sprintf("%s: %v", p, err), "make "+p+" readable or give the right path")
			continue
		}
		if strings.HasSuffix(strings.ToLower(p), ".json") {
			d.checkSceneFiles(p)
		}
	}
	sc, err := loadScene(paths, limit.MaxFileMB(0), remote.Options{})
	if err != nil {
		d.problem("scene", err.Error(), "fix the scene so that `citytwin report` accepts it")
		return nil
	}
	layers := 0
	for _, l := range sc.Layers {
		layers++
		for _, w := range l.Warnings {
			if strings.Contains(w, "cannot") || strings.Contains(w, "not load") {
				d.problem("layer "+l.ID, w, "fix or replace "+l.Src)
			}
		}
	}
	d.ok("scene", fmt.Sprintf("%q loads: %d layers, %d scenarios, %d live sources, %d warnings",
		sc.Name, layers, len(sc.Scenarios), len(sc.Live), len(sc.Warnings)))
	return sc
}

// checkSceneFiles checks the files a scene file names, relative to its
// folder: layer and scenario-layer srcs and live CA files.
func (d *doctor) checkSceneFiles(p string) {
	data, err := os.ReadFile(p)
	if err != nil {
		return
	}
	f, _, err := scenefile.Parse(p, data)
	if err != nil {
		return // not a scene file (a GeoJSON layer), or reported by the load
	}
	dir := filepath.Dir(p)
	var srcs []string
	for _, l := range f.Layers {
		srcs = append(srcs, l.Src)
	}
	for _, s := range f.Scenarios {
		for _, ch := range s.Changes {
			var l struct {
				Src string `json:"src"`
			}
			if len(ch.Add) > 0 && json.Unmarshal(ch.Add, &l) == nil && l.Src != "" {
				srcs = append(srcs, l.Src)
			}
		}
	}
	for _, ls := range f.Live {
		if ls.CAFile != "" {
			srcs = append(srcs, ls.CAFile)
		}
	}
	n := 0
	for _, s := range srcs {
		if strings.Contains(s, "://") {
			continue // a tileset URL: checked by loading
		}
		full := filepath.Join(dir, filepath.FromSlash(s))
		if err := readable(full); err != nil {
			d.problem("scene file path", fmt.Sprintf("%s (named by %s): %v", s, p, err), "put "+full+" in place or correct its path in "+p)
			continue
		}
		n++
	}
	d.ok("scene files", fmt.Sprintf("%s: %d of %d named files readable", p, n, len(srcs)))
}

// readable opens p and reads a byte (a folder counts if it can be listed).
func readable(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return shortPathError(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		_, err = f.ReadDir(1)
		if err == io.EOF {
			err = nil
		}
		return err
	}
	var b [1]byte
	if _, err := f.Read(b[:]); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// shortPathError drops the path from an *os.PathError (the line names it).
func shortPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// checkVotes checks that the votes file can be appended to (or created),
// without writing to it.
func (d *doctor) checkVotes(p string) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err == nil {
		f.Close()
		d.ok("votes file", p+" exists and is writable")
		return
	}
	if !os.IsNotExist(err) {
		d.problem("votes file", fmt.Sprintf("%s: %v", p, shortPathError(err)), "let the kiosk's user write "+p)
		return
	}
	dir := filepath.Dir(p)
	if err := writableDir(dir, false); err != nil {
		d.problem("votes file", fmt.Sprintf("%s cannot be created: %v", p, err), "create "+dir+" and let the kiosk's user write to it")
		return
	}
	d.ok("votes file", p+" will be created")
}

// checkCache checks that the cache folder exists or can be made, and takes
// a file.
func (d *doctor) checkCache(dir string) {
	if err := writableDir(dir, true); err != nil {
		d.problem("cache folder", fmt.Sprintf("%s: %v", dir, err), "create "+dir+" and let the kiosk's user write to it")
		return
	}
	d.ok("cache folder", dir+" is writable")
}

// writableDir checks that a file can be created in dir (made first when
// create is set) by creating and removing a temporary one.
func writableDir(dir string, create bool) error {
	if create {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return shortPathError(err)
		}
	}
	f, err := os.CreateTemp(dir, ".citytwin-doctor-*")
	if err != nil {
		return shortPathError(err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// checkDisplay checks what the window program needs: itself, a display
// (X11 or Wayland, with its socket) and an OpenGL library.
func (d *doctor) checkDisplay() {
	if v, err := findViewer(); err != nil {
		d.problem("window program", err.Error(), "install citytwin-view beside citytwin (`go install ./cmd/...`)")
	} else {
		d.ok("window program", v)
	}
	switch runtime.GOOS {
	case "windows", "darwin":
		d.ok("display", "not checked on "+runtime.GOOS)
		return
	}
	disp, wl := os.Getenv("DISPLAY"), os.Getenv("WAYLAND_DISPLAY")
	switch {
	case disp == "" && wl == "":
		d.problem("display", "neither DISPLAY nor WAYLAND_DISPLAY is set",
			"start the viewer from the desktop session (or under xvfb-run -a for tests)")
	case disp != "":
		if sock, ok := x11Socket(disp); ok {
			if _, err := os.Stat(sock); err != nil {
				d.problem("display", fmt.Sprintf("DISPLAY=%s but %s is missing", disp, sock), "start the X server, or set DISPLAY to the running one")
				break
			}
			d.ok("display", fmt.Sprintf("DISPLAY=%s (%s)", disp, sock))
		} else {
			d.ok("display", "DISPLAY="+disp+" (remote: not probed)")
		}
	default:
		d.ok("display", "WAYLAND_DISPLAY="+wl+" (the window uses XWayland: DISPLAY must be set too)")
	}
	if lib := findGL(); lib == "" {
		d.problem("OpenGL", "no libGL.so.1 or libEGL.so.1 found", "install the OpenGL driver (Debian: apt-get install libgl1 libgl1-mesa-dri)")
	} else {
		d.ok("OpenGL", lib)
	}
}

// x11Socket returns the Unix socket of a local X display (":0" or
// "unix:0.0"); ok is false for a remote one (host:0).
func x11Socket(display string) (string, bool) {
	host, num, found := strings.Cut(display, ":")
	if !found || (host != "" && host != "unix") {
		return "", false
	}
	num, _, _ = strings.Cut(num, ".")
	if num == "" {
		return "", false
	}
	return "/tmp/.X11-unix/X" + num, true
}

// findGL looks for the OpenGL (or EGL) library where Linux distributions
// install it.
func findGL() string {
	var dirs []string
	for _, pat := range []string{"/usr/lib/*-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/*-linux-gnu", "/usr/local/lib"} {
		m, _ := filepath.Glob(pat)
		dirs = append(dirs, m...)
	}
	for _, dir := range dirs {
		for _, lib := range []string{"libGL.so.1", "libEGL.so.1"} {
			if p := filepath.Join(dir, lib); fileExists(p) {
				return p
			}
		}
	}
	return ""
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
