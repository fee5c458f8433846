"""Serial hall hardware: caller keypads, rating pads and counter screens over pyserial."""
