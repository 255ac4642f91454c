// Text widths and alignment live in LLALText so that the core language can measure
// text without the charts; every user of LLALRender keeps seeing them.
@_exported import LLALText
