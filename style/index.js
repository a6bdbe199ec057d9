import './base.css';
import './tracking.css';
import './promote.css';
import './compute.css';
