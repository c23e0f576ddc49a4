package viewer

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// scenarioName is the active scenarios' titles joined, or the baseline's
// name ("Today") in the interface language.
func (v *viewer) scenarioName() string {
	var names []string
	for _, id := range v.ev.Active {
		for _, s := range v.sc.Scenarios {
			if s.ID == id {
				names = append(names, cmpOr(s.Title, s.ID))
			}
		}
	}
	if len(names) == 0 {
		return v.tr("Today")
	}
	return strings.Join(names, " + ")
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// takeScreenshot writes the picture as it is now, with the scene's and
// the scenario's names and the credit line burned in (and no controls),
// to a PNG named after the time in Rooms.Screenshots, and shows a toast
// saying where. It runs in Draw, where pixels can be read.
func (v *viewer) takeScreenshot() {
	img := v.composeShot()
	defer img.Deallocate()
	b := img.Bounds()
	rgba := image.NewRGBA(b)
	img.ReadPixels(rgba.Pix)
	path, err := writeShot(v.opts.Rooms.Screenshots, v.now(), rgba)
	if err != nil {
		v.log.Warn("screenshot", "err", err)
		v.showToast(fmt.Sprintf(v.tr("Screenshot failed: %s"), err))
		return
	}
	v.showToast(fmt.Sprintf(v.tr("Screenshot saved: %s"), path))
}

// composeShot draws the 3D picture, the live markers, the title (scene
// and scenario) top left and the credit line bottom right onto a new
// image the size of the window.
func (v *viewer) composeShot() *ebiten.Image {
	img := ebiten.NewImage(v.w, v.h)
	if v.pic != nil {
		img.DrawImage(v.pic, nil)
	}
	v.drawLive(img, v.drawn)
	v.drawToolsShot(img) // measurements and the sun's time (sun.go)
	th := v.theme
	p, lh := th.Pad(), th.LineH()
	title := v.scenarioName()
	if v.sc.Name != "" {
		title = v.sc.Name + " — " + title
	}
	th.Text(img, title, 2*p, 2*p, th.TitleColor, true)
	if v.opts.Rooms.Present && v.rooms.caption != "" {
		th.Text(img, v.rooms.caption, 2*p, 2*p+lh+p, th.TextColor, true)
	}
	if a := v.hud.Attribution; a != "" {
		th.Text(img, a, float64(v.w)-th.Measure(a)-p, float64(v.h)-lh-p, th.TextColor, true)
	}
	return img
}

// writeShot writes img as citytwin-YYYYMMDD-HHMMSS.png in dir ("": the
// current folder), adding -2, -3… rather than overwrite, and returns the
// path.
func writeShot(dir string, now time.Time, img image.Image) (string, error) {
	if dir == "" {
		dir = "."
	}
	base := "citytwin-" + now.Format("20060102-150405")
	var f *os.File
	var path string
	for i := 1; ; i++ {
		name := base + ".png"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.png", base, i)
		}
		path = filepath.Join(dir, name)
		var err error
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			break
		}
		if !os.IsExist(err) || i > 100 {
			return "", err
		}
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return path, f.Close()
}
