package viewer

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"citytwin/internal/mosquittotest"
	"citytwin/scene"
)

// Two viewers in one process, a leader and a follower, through a real
// mosquitto: the follower eases to the leader's camera and takes its
// scenario and swipe; a viewer that joins later catches up from the
// retained state.
func TestSyncLeaderDrivesFollower(t *testing.T) {
	wsPort, _ := mosquittotest.Start(t)
	room := fmt.Sprintf("mqtt+ws://127.0.0.1:%d/?topic=citytwin/test-room", wsPort)
	lead, follow := demoViewer(t, 320, 240), demoViewer(t, 320, 240)
	if len(lead.sc.Scenarios) == 0 {
		t.Fatal("the demo has no scenario")
	}
	lead.opts.Sync = SyncOptions{URL: room, Leader: true}
	follow.opts.Sync = SyncOptions{URL: room}
	t.Cleanup(lead.stopSync)
	t.Cleanup(follow.stopSync)

	cam := lead.nav.Camera()
	cam.Target = scene.Vec3{cam.Target[0] + 120, cam.Target[1] - 80, cam.Target[2]}
	cam.Heading, cam.Pitch, cam.Range = 33, -41, 420
	lead.nav.SetCamera(cam)
	lead.setScenarios([]string{lead.sc.Scenarios[0].ID})
	lead.toggleSwipe()
	lead.panel.swipe.split = 0.3
	want := lead.nav.Camera()

	arrived := func(v *viewer) bool {
		v.updateSync()
		v.nav.Tick(v.elapsed())
		got := v.nav.Camera()
		return math.Hypot(got.Target[0]-want.Target[0], got.Target[1]-want.Target[1]) < 0.05 &&
			math.Abs(got.Heading-want.Heading) < 0.01 && math.Abs(got.Range-want.Range) < 0.01 &&
			slices.Equal(v.ev.Active, lead.ev.Active) && v.panel.swipe.on && math.Abs(v.panel.swipe.split-0.3) < 1e-6
	}
	wait := func(v *viewer, what string) {
		deadline := time.Now().Add(15 * time.Second)
		for !arrived(v) {
			lead.updateSync()
			if time.Now().After(deadline) {
				s, n := v.sync.follow.Latest()
				t.Fatalf("%s: camera %+v, want %+v; active %v, swipe %v %.2f (state %+v, %d received)", what,
					v.nav.Camera(), want, v.ev.Active, v.panel.swipe.on, v.panel.swipe.split, s, n)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	wait(follow, "follower")

	late := demoViewer(t, 320, 240)
	late.opts.Sync = SyncOptions{URL: room}
	t.Cleanup(late.stopSync)
	wait(late, "late joiner")
	if lead.sync.lead.Err() != "" {
		t.Errorf("leader: %s", lead.sync.lead.Err())
	}
}
