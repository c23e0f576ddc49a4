package main

import "os"

const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	switch os.Args[1] {
	case "sim":
		os.Exit(runSim(os.Args[2:]))
	case "record":
		os.Exit(runRecord(os.Args[2:]))
	}
}
