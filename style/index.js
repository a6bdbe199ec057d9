import './base.css';
import './promote.css';
import './compute.css';
import './tracking.css';
import './lint.css';
import './jobs.css';
import './provenance.css';
