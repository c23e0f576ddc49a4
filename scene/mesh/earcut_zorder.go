package mesh

// zOrder is the Morton code of (x, y) in the polygon's 15-bit grid.
func (e *earcutter) zOrder(x, y float64) int32 {
	xi := uint32(int32((x - e.minX) * e.inv))
	yi := uint32(int32((y - e.minY) * e.inv))
	return int32(spread(xi) | spread(yi)<<1)
}

func spread(v uint32) uint32 {
	v &= 0xffff
	v = (v | v<<8) & 0x00FF00FF
	v = (v | v<<4) & 0x0F0F0F0F
	v = (v | v<<2) & 0x33333333
	v = (v | v<<1) & 0x55555555
	return v
}

// indexCurve links the ring in z-order (prevZ/nextZ) with codes computed.
func (e *earcutter) indexCurve(start int32) {
	n := e.n
	p := start
	for {
		if n[p].z == 0 {
			n[p].z = e.zOrder(n[p].x, n[p].y)
		}
		n[p].prevZ = n[p].prev
		n[p].nextZ = n[p].next
		p = n[p].next
		if p == start {
			break
		}
	}
	n[n[p].prevZ].nextZ = nilNode
	n[p].prevZ = nilNode
	e.sortLinked(p)
}

// sortLinked sorts a z-linked list by z (Simon Tatham's merge sort for
// linked lists).
func (e *earcutter) sortLinked(list int32) int32 {
	n := e.n
	inSize := 1
	for {
		p := list
		list = nilNode
		tail := int32(nilNode)
		merges := 0
		for p != nilNode {
			merges++
			q := p
			pSize := 0
			for i := 0; i < inSize; i++ {
				pSize++
				q = n[q].nextZ
				if q == nilNode {
					break
				}
			}
			qSize := inSize
			for pSize > 0 || (qSize > 0 && q != nilNode) {
				var el int32
				if pSize != 0 && (qSize == 0 || q == nilNode || n[p].z <= n[q].z) {
					el, p = p, n[p].nextZ
					pSize--
				} else {
					el, q = q, n[q].nextZ
					qSize--
				}
				if tail != nilNode {
					n[tail].nextZ = el
				} else {
					list = el
				}
				n[el].prevZ = tail
				tail = el
			}
			p = q
		}
		n[tail].nextZ = nilNode
		inSize *= 2
		if merges <= 1 {
			return list
		}
	}
}
